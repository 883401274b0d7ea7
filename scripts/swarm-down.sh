#!/usr/bin/env bash
# Removes the test swarm that swarm-up.sh made: its node containers (with everything inside
# them: their engines keep images and containers on tmpfs) and its network. Only what carries
# swarm-up.sh's label goes; safe to run when none of it exists.
set -euo pipefail
label=cion.test=swarm
exec 9>/tmp/cion-swarm.lock
flock -w 120 9 || { echo "swarm-down: swarm-up.sh held the lock too long" >&2; exit 1; }

nodes=$(docker ps -aq --filter "label=$label")
[ -z "$nodes" ] || docker rm -f -v $nodes >/dev/null
networks=$(docker network ls -q --filter "label=$label")
[ -z "$networks" ] || docker network rm $networks >/dev/null
