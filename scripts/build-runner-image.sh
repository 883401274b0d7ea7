#!/usr/bin/env bash
# Builds the cion-runner image from the staged binary, FROM scratch: the AOT program, the shared
# libraries ldd finds for it, and OpenSSL's libssl/libcrypto (with what they link), which .NET
# loads with dlopen for TLS and ldd therefore cannot see. Labelled with the hash of the binary and this script, so
# it is built once per binary and rebuilt when 'make stage' produced another.
# Usage: scripts/build-runner-image.sh [TAG]   (default cion/runner:test; binary from
# ${CION_STAGE:-.stage}/lib/cion/cion-runner). A site's own image: packaging/runner/Dockerfile.
set -euo pipefail
export DOCKER_BUILDKIT=0
cd "$(dirname "$0")/.."
tag=${1:-cion/runner:test}
binary=${CION_STAGE:-.stage}/lib/cion/cion-runner
[ -x "$binary" ] || { echo "$binary is missing: run 'make stage' first" >&2; exit 1; }
# The binary and this script: an image made by an older recipe is made again.
hash=$(cat "$binary" "$0" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{index .Config.Labels "cion.runner.binary"}}' "$tag" 2>/dev/null)" = "$hash" ]; then
  exit 0
fi

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
root="$ctx/root"
mkdir -p "$root"
cp "$binary" "$root/cion-runner"

# OpenSSL as the runtime looks for it (libssl.so.3, else 1.1), found through the loader's cache.
cache=$(ldconfig -p)
ssl=$(awk '$1 == "libssl.so.3" { print $NF; exit }' <<<"$cache")
[ -n "$ssl" ] || ssl=$(awk '$1 == "libssl.so.1.1" { print $NF; exit }' <<<"$cache")
[ -n "$ssl" ] || { echo "no libssl.so.3 or libssl.so.1.1 on this machine: install libssl3" >&2; exit 1; }

# Every library the files link (ldd: "name => /path" and the loader's own "/path" line), at the same path.
copy_libraries_of() {
  local file lib
  for file in "$@"; do
    for lib in $(ldd "$file" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
  done
}
crypto=$(ldd "$ssl" | awk '/libcrypto/ { print $3 }')
copy_libraries_of "$binary" "$ssl" "$crypto"
for lib in "$ssl" "$crypto"; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# dlopen searches the default directories by name, which a scratch image's missing ld.so.cache
# leaves to the loader's built-in list; the unversioned names are what the runtime tries first.
for lib in "$ssl" "$crypto"; do
  ln -sf "$(basename "$lib")" "$root$(dirname "$lib")/$(basename "$lib" | sed -E 's/\.so\..*/.so/')"
done

# The owner names a tar archive carries: .NET's TarWriter asks getpwuid for every file's owner, and
# glibc fails with ENOENT (not 'no such user') when there is no /etc/passwd at all. The site's image
# (debian:bookworm-slim) has these files.
mkdir -p "$root/etc"
echo 'root:x:0:0:root:/:/cion-runner' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
printf 'passwd: files\ngroup: files\n' >"$root/etc/nsswitch.conf"

cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM scratch
COPY root/ /
ENV LD_LIBRARY_PATH=$(dirname "$ssl"):$(dirname "$crypto")
LABEL cion.runner.binary=$hash
EXPOSE 7700
ENTRYPOINT ["/cion-runner", "serve"]
DOCKERFILE
if ! docker build -q -t "$tag" "$ctx" >"$ctx/build.log" 2>&1; then
  cat "$ctx/build.log" >&2
  exit 1
fi
echo "built $tag"
