#!/usr/bin/env bash
# Builds the small images the tests and the demo run, from this machine's own files:
# no registry is reachable. Each image is labelled with a hash of this script, so it is
# built once per machine and rebuilt only when the recipe changes.
#   cion-test/busybox   a shell and coreutils (busybox-static), nothing else
#   cion-test/git       the same plus git, to prove a build can run 'git log' on its checkout
#   cion-test/docker    the same plus the static docker client, for builds that use DOCKER_HOST
#   cion-test/dind      a Docker engine (Debian's docker.io) for the per-job engine; no
#                       entrypoint, cion gives the dockerd command line
#   cion-test/dind-broken  an "engine" whose dockerd fails at once, for the failure path
#   cion-test/dind-dockerd  cion-test/dind with ENTRYPOINT ["dockerd", …] (its own flags)
#   cion-test/dind-script   cion-test/dind with an entrypoint script that runs its arguments,
#                       like docker:dind's dockerd-entrypoint.sh
#   cion-test/dind-rootless  a rootless Docker engine (docker.io, rootlesskit, slirp4netns),
#                       shaped like docker:dind-rootless: USER rootless with subuid/subgid
#                       ranges, and an entrypoint script that runs 'dockerd …' inside
#                       rootlesskit; its data root is /home/rootless/.local/share/docker
#   cion-test/systemd   a Debian 12 that boots systemd as PID 1, with openssh-server and
#                       git: the package test installs the .deb into it and runs the service
# Usage: build-test-images.sh [IMAGE...]   (no names: all of them; 'make demo' names only
# the three it runs, so a fresh machine's demo does not debootstrap the systemd image)
set -euo pipefail
# The engine has no buildx here; the classic builder is all these images need.
export DOCKER_BUILDKIT=0

recipe=$(sha256sum "$0" | cut -c1-16)

wanted_images=("$@")
wanted() { [ ${#wanted_images[@]} -eq 0 ] || [[ " ${wanted_images[*]} " == *" $1 "* ]]; }

current() { [ "$(docker image inspect -f '{{index .Config.Labels "cion.test.recipe"}}' "$1" 2>/dev/null)" = "$recipe" ]; }

need_package() {
  if ! dpkg -s "$1" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
  fi
}

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT

# A minimal Debian 12 root with the given packages, from this machine's own Debian mirror.
debootstrap_into() {
  need_package debootstrap
  local mirror
  mirror=$(grep -hoE '(https?://[^ ]+/debian)/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1 | tr -d ' ' || true)
  mirror=${mirror%/}
  [ -n "$mirror" ] || { echo "no Debian mirror found in /etc/apt/sources*" >&2; exit 1; }
  debootstrap --variant=minbase --include="$2" bookworm "$1" "$mirror" >"$ctx/debootstrap.log" 2>&1 \
    || { tail -n 20 "$ctx/debootstrap.log" >&2; exit 1; }
}

# docker build, quiet unless it fails (the classic builder's deprecation notice is noise).
build_image() {
  if ! docker build -q -t "$1" "$2" >"$ctx/build.log" 2>&1; then
    cat "$ctx/build.log" >&2
    exit 1
  fi
  echo "built $1"
}

if wanted cion-test/busybox && ! current cion-test/busybox; then
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
  build_image cion-test/busybox "$ctx/busybox"
fi

if wanted cion-test/git && ! current cion-test/git; then
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
  build_image cion-test/git "$ctx/git"
fi

if wanted cion-test/docker && ! current cion-test/docker; then
  mkdir -p "$ctx/docker"
  cp "$(command -v docker)" "$ctx/docker/docker"
  cat >"$ctx/docker/Dockerfile" <<DOCKERFILE
FROM cion-test/busybox
COPY docker /bin/docker
LABEL cion.test.recipe=$recipe
DOCKERFILE
  build_image cion-test/docker "$ctx/docker"
fi

if wanted cion-test/dind-broken && ! current cion-test/dind-broken; then
  mkdir -p "$ctx/broken"
  printf '#!/bin/sh\necho "dockerd: simulated failure: cannot start the engine" >&2\nexit 1\n' >"$ctx/broken/dockerd"
  chmod +x "$ctx/broken/dockerd"
  cat >"$ctx/broken/Dockerfile" <<DOCKERFILE
FROM cion-test/busybox
COPY dockerd /bin/dockerd
LABEL cion.test.recipe=$recipe
DOCKERFILE
  build_image cion-test/dind-broken "$ctx/broken"
fi

# The slow one (about a minute, 540 MB): a Debian root with docker.io, made by debootstrap
# from this machine's own Debian mirror, imported as an image. Its recipe label is set
# by 'docker import --change', so it is rebuilt only when this script changes. The two
# images made from it need it too, so they build it when it is missing.
derived_from_dind=(cion-test/dind-dockerd cion-test/dind-script)
wants_derived() { for image in "${derived_from_dind[@]}"; do wanted "$image" && return 0; done; return 1; }
present() { docker image inspect "$1" >/dev/null 2>&1; }
if { wanted cion-test/dind && ! current cion-test/dind; } || { wants_derived && ! present cion-test/dind; }; then
  rootfs="$ctx/dind-root"
  echo "debootstrapping the engine image (takes a minute)"
  debootstrap_into "$rootfs" docker.io,iptables,ca-certificates
  tar -C "$rootfs" -c . | docker import \
    -c "LABEL cion.test.recipe=$recipe" \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["dockerd"]' - cion-test/dind >/dev/null
  echo "built cion-test/dind"
fi

# The other shapes of engine image cion must start (issue 12), as cheap layers on
# cion-test/dind: no second debootstrap. Rebuilt when the recipe or cion-test/dind changes.
dind_id=$(docker image inspect -f '{{.Id}}' cion-test/dind 2>/dev/null || true)
current_on_dind() { current "$1" && [ "$(docker image inspect -f '{{index .Config.Labels "cion.test.base"}}' "$1")" = "$dind_id" ]; }

if wanted cion-test/dind-dockerd && ! current_on_dind cion-test/dind-dockerd; then
  mkdir -p "$ctx/dind-dockerd"
  cat >"$ctx/dind-dockerd/Dockerfile" <<DOCKERFILE
FROM cion-test/dind
ENTRYPOINT ["dockerd", "--host=tcp://0.0.0.0:2375", "--host=unix:///var/run/docker.sock", "--tls=false"]
CMD []
LABEL cion.test.recipe=$recipe cion.test.base=$dind_id
DOCKERFILE
  build_image cion-test/dind-dockerd "$ctx/dind-dockerd"
fi

# Runs its arguments, options alone meaning dockerd, as docker:dind's script does; it also
# gives dockerd a label, so a test can tell that the script ran.
if wanted cion-test/dind-script && ! current_on_dind cion-test/dind-script; then
  mkdir -p "$ctx/dind-script"
  cat >"$ctx/dind-script/dockerd-entrypoint.sh" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- dockerd "$@"
fi
if [ "$1" = dockerd ]; then
  set -- "$@" --label=cion.test.entrypoint=script
fi
echo "dockerd-entrypoint.sh: running $*" >&2
exec "$@"
SCRIPT
  chmod +x "$ctx/dind-script/dockerd-entrypoint.sh"
  cat >"$ctx/dind-script/Dockerfile" <<DOCKERFILE
FROM cion-test/dind
COPY dockerd-entrypoint.sh /usr/local/bin/dockerd-entrypoint.sh
ENTRYPOINT ["dockerd-entrypoint.sh"]
CMD []
LABEL cion.test.recipe=$recipe cion.test.base=$dind_id
DOCKERFILE
  build_image cion-test/dind-script "$ctx/dind-script"
fi

# The rootless engine (issue 13), the shape of docker:dind-rootless so that cion starts both
# the same way: a non-root USER with subuid/subgid ranges, and an entrypoint script that runs
# 'dockerd ARGS' inside rootlesskit (Debian's dockerd-rootless.sh: slirp4netns networking,
# the ports of DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS published from its namespace). Its own
# debootstrap: the root engine's image stays as it is.
if wanted cion-test/dind-rootless && ! current cion-test/dind-rootless; then
  rootfs="$ctx/rootless-root"
  echo "debootstrapping the rootless engine image (takes a minute)"
  debootstrap_into "$rootfs" docker.io,rootlesskit,slirp4netns,uidmap,iproute2,iptables,ca-certificates
  # The uid 1000 and home of docker:dind-rootless's user; the data root exists, owned by it, so a
  # fresh volume mounted there takes that owner (Docker copies it from the image).
  chroot "$rootfs" useradd --uid 1000 --create-home --shell /bin/sh rootless
  echo rootless:100000:65536 >"$rootfs/etc/subuid"
  echo rootless:100000:65536 >"$rootfs/etc/subgid"
  install -d -o 1000 -g 1000 "$rootfs/home/rootless/.local" "$rootfs/home/rootless/.local/share" "$rootfs/home/rootless/.local/share/docker"
  install -d -m 0700 -o 1000 -g 1000 "$rootfs/run/user/1000"
  # 'docker import' keeps no file capabilities, which newuidmap/newgidmap rely on in Debian: as
  # setuid root they map the user's ranges all the same.
  chmod u+s "$rootfs/usr/bin/newuidmap" "$rootfs/usr/bin/newgidmap"
  # Debian ships the wrapper as an example, off the PATH.
  ln -s /usr/share/docker.io/contrib/dockerd-rootless.sh "$rootfs/usr/local/bin/dockerd-rootless.sh"
  cat >"$rootfs/usr/local/bin/dockerd-entrypoint.sh" <<'SCRIPT'
#!/bin/sh
# Like docker:dind-rootless's: runs its arguments, options alone meaning dockerd; as a user other
# than root, dockerd runs rootless (inside rootlesskit, in a user namespace of its own).
set -e
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- dockerd "$@"
fi
if [ "$1" = dockerd ] && [ "$(id -u)" != 0 ]; then
  shift
  : "${XDG_RUNTIME_DIR:=/run/user/$(id -u)}"
  export XDG_RUNTIME_DIR
  mkdir -p "$XDG_RUNTIME_DIR"
  echo "dockerd-entrypoint.sh: running dockerd rootless: $*" >&2
  exec dockerd-rootless.sh --label=cion.test.entrypoint=rootless "$@"
fi
exec "$@"
SCRIPT
  chmod +x "$rootfs/usr/local/bin/dockerd-entrypoint.sh"
  tar -C "$rootfs" -c . | docker import \
    -c "LABEL cion.test.recipe=$recipe" \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'USER rootless' \
    -c 'ENTRYPOINT ["dockerd-entrypoint.sh"]' \
    -c 'CMD []' - cion-test/dind-rootless >/dev/null
  echo "built cion-test/dind-rootless"
fi

# systemd as PID 1 needs container=docker (so it skips what a container cannot do) and is
# stopped by SIGRTMIN+3; the test passes the rest (cgroups, tmpfs /run) to docker run.
if wanted cion-test/systemd && ! current cion-test/systemd; then
  rootfs="$ctx/systemd-root"
  echo "debootstrapping the systemd image (takes a minute)"
  debootstrap_into "$rootfs" systemd,systemd-sysv,dbus,openssh-server,git,ca-certificates,libssl3
  tar -C "$rootfs" -c . | docker import \
    -c "LABEL cion.test.recipe=$recipe" \
    -c 'ENV container=docker' \
    -c 'CMD ["/sbin/init"]' - cion-test/systemd >/dev/null
  echo "built cion-test/systemd"
fi
