#!/usr/bin/env bash
# Make sure a Docker engine answers. On a fresh machine only the docker client
# exists: install Debian's engine and start it by hand (systemd is not PID 1
# on the build machines, so the package's unit never starts it).
set -euo pipefail

# The per-job rootless engines' network (slirp4netns) opens /dev/net/tun as their unprivileged user: udev gives it
# mode 0666 on an ordinary host, and a machine without udev (these build machines) keeps the kernel's 0600, with which
# every rootless engine fails ("setting up tap tap0 ... Permission denied").
if [ -c /dev/net/tun ] && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
  echo "ensure-docker: /dev/net/tun is mode $(stat -c %a /dev/net/tun); making it 0666, as udev does" >&2
  chmod 0666 /dev/net/tun || echo "ensure-docker: cannot chmod /dev/net/tun: rootless per-job engines will fail" >&2
fi

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
