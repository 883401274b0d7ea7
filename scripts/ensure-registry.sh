#!/usr/bin/env bash
# A real registry on loopback (Debian's docker-registry), so the tests can prove that
# cion pulls an image the engine lacks. The host's engine trusts 127.0.0.0/8 registries
# without TLS by default. It listens on every address of this machine (port 5000), so a
# per-job engine can push to it through its job network's gateway (the host's side of
# the bridge); the tests pass that engine --insecure-registry for Docker's private ranges.
set -euo pipefail
addr=127.0.0.1:5000

# bash's /dev/tcp: no curl needed on a fresh machine.
answers() { (exec 3<>"/dev/tcp/${addr%:*}/${addr##*:}") 2>/dev/null; }

if answers; then
  exit 0
fi
if ! command -v docker-registry >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
fi
dir=/var/lib/cion-test-registry
mkdir -p "$dir"
cat >"$dir/config.yml" <<CONFIG
version: 0.1
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 0.0.0.0:5000
CONFIG
nohup docker-registry serve "$dir/config.yml" >/var/log/cion-test-registry.log 2>&1 </dev/null &
for _ in $(seq 1 50); do
  answers && exit 0
  sleep 0.2
done
echo "ensure-registry: no registry answered on $addr; see /var/log/cion-test-registry.log" >&2
exit 1
