#!/usr/bin/env bash
# Builds the small images the tests and the demo run, from this machine's own files:
# no registry is reachable. Each image is labelled with a hash of this script, so it is
# built once per machine and rebuilt only when the recipe changes.
#   cion-test/busybox   a shell and coreutils (busybox-static), nothing else
#   cion-test/git       the same plus git, to prove a build can run 'git log' on its checkout
set -euo pipefail
# The engine has no buildx here; the classic builder is all these images need.
export DOCKER_BUILDKIT=0

recipe=$(sha256sum "$0" | cut -c1-16)

current() { [ "$(docker image inspect -f '{{index .Config.Labels "cion.test.recipe"}}' "$1" 2>/dev/null)" = "$recipe" ]; }

need_package() {
  if ! dpkg -s "$1" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  fi
}

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT

if ! current cion-test/busybox; then
  need_package busybox-static
  mkdir -p "$ctx/busybox"
  cp /bin/busybox "$ctx/busybox/busybox"
  cat >"$ctx/busybox/Dockerfile" <<DOCKERFILE
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin
LABEL cion.test.recipe=$recipe
CMD ["/bin/sh"]
DOCKERFILE
  docker build -q -t cion-test/busybox "$ctx/busybox" >/dev/null
  echo "built cion-test/busybox"
fi

if ! current cion-test/git; then
  # git and the shared libraries it links, copied from this machine.
  mkdir -p "$ctx/git/root/usr/bin"
  cp "$(command -v git)" "$ctx/git/root/usr/bin/git"
  for lib in $(ldd "$(command -v git)" | grep -oE '/[^ ]+'); do
    mkdir -p "$ctx/git/root$(dirname "$lib")"
    cp -L "$lib" "$ctx/git/root$lib"
  done
  cat >"$ctx/git/Dockerfile" <<DOCKERFILE
FROM cion-test/busybox
COPY root/ /
ENV PATH=/usr/bin:/bin
LABEL cion.test.recipe=$recipe
DOCKERFILE
  docker build -q -t cion-test/git "$ctx/git" >/dev/null
  echo "built cion-test/git"
fi
