#!/bin/sh
# Runs inside the build container, in BUILD_DIR (the checked-out commit).
set -e
echo "building $CION_REPO at $CION_SHA (branch $CION_BRANCH) in $BUILD_DIR"
echo "this job's own Docker engine: $DOCKER_HOST, version $(docker version --format '{{.Server.Version}}')"

# An image built on the job's engine, from a scratch Dockerfile: it never reaches the host's engine.
mkdir -p /tmp/image && cp /bin/busybox /tmp/image/
printf 'FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT ["/bin/busybox", "echo"]\n' >/tmp/image/Dockerfile
docker build -q -t hello-image /tmp/image >/dev/null 2>&1
message=$(docker run --rm hello-image "$GREETING from an image built in commit $(echo "$CION_SHA" | cut -c1-7)")

echo "$message" > "$ARTIFACTS_DIR/greeting.txt"
echo "wrote $ARTIFACTS_DIR/greeting.txt: $message"
