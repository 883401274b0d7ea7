#!/usr/bin/env bash
# Make sure a Docker engine answers. On a fresh machine only the docker client
# exists: install Debian's engine and start it by hand (systemd is not PID 1
# on the build machines, so the package's unit never starts it).
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "ensure-docker: installing docker.io from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

echo "ensure-docker: starting dockerd (log: /var/log/dockerd.log)" >&2
nohup dockerd >/var/log/dockerd.log 2>&1 </dev/null &

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 0.5
done
echo "ensure-docker: dockerd did not answer within 30 s; see /var/log/dockerd.log" >&2
exit 1
