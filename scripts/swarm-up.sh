#!/usr/bin/env bash
# A real multi-node Docker Swarm on this one machine, for issue 16's tests and benchmarks: a
# manager and WORKERS workers, each a Docker-in-Docker container (cion-test/dind) on the bridge
# network cion-swarm, so the host's own engine never enters swarm mode. The manager is drained
# (it is only what ciond talks to); the workers are active, labelled cion=runner, and hold the
# IMAGES, loaded from the host's engine (no registry outside this machine is reachable; the
# host's test registry is, at the network's gateway, port 5000). Each node's dockerd listens on
# its socket and on tcp 0.0.0.0:2375 without TLS.
#
# Idempotent: what is already healthy is kept; a node container that is gone or stopped is made
# again and joins again, and the swarm forgets the dead node it replaces. So it also restores the
# swarm after a test killed or drained a worker. Fails with a message after CION_SWARM_TIMEOUT
# seconds (120). Progress goes to stderr; the last line of stdout is the manager's endpoint.
# Usage: swarm-up.sh [WORKERS] [IMAGE...]
#   (no images named: cion-test/busybox cion-test/docker cion-test/dind, and cion/runner:test if
#   the host has it)   scripts/swarm-down.sh removes it all.
set -euo pipefail

workers=${1:-2}
shift || true
images=("$@")
if [ ${#images[@]} -eq 0 ]; then
  images=(cion-test/busybox cion-test/docker cion-test/dind)
  docker image inspect cion/runner:test >/dev/null 2>&1 && images+=(cion/runner:test)
fi

# Two runs at once (two worktrees' tests) would make the same containers: one at a time.
exec 9>/tmp/cion-swarm.lock
flock -w "${CION_SWARM_TIMEOUT:-120}" 9 || { echo "swarm-up: another swarm-up.sh or swarm-down.sh held the lock too long" >&2; exit 1; }

network=cion-swarm
manager=cion-swarm-manager
# Everything made here carries it, so swarm-down.sh removes exactly this and nothing else.
label=cion.test=swarm
timeout=${CION_SWARM_TIMEOUT:-120}
deadline=$((SECONDS + timeout))

say() { echo "swarm-up: $*" >&2; }
fail() { say "$*"; exit 1; }
# What is left of the time, at least a second (timeout 0 would mean none).
left() { local s=$((deadline - SECONDS)); echo $((s > 0 ? s : 1)); }
# Polls a command until it succeeds, failing once the whole script's time is up.
until_true() {
  local what=$1
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "not ready within ${timeout}s: $what (see: docker logs NODE)"
    sleep 0.3
  done
}
# A node's engine, through its TCP socket (a third of the time of 'docker exec NODE docker').
declare -A addresses
on() { local node=$1; shift; docker -H "tcp://${addresses[$node]}:2375" "$@"; }
worker_name() { echo "cion-swarm-worker$1"; }
address() { docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "$1"; }
node_ready() { [ "$(on "$manager" node inspect -f '{{.Status.State}}' "$1")" = ready ]; }
swarm_state() { on "$1" info -f '{{.Swarm.LocalNodeState}}' 2>/dev/null || true; }

for image in "${images[@]}"; do
  docker image inspect "$image" >/dev/null 2>&1 || fail "image $image is not on this host (scripts/build-test-images.sh builds the cion-test ones)"
done

if ! docker network inspect "$network" >/dev/null 2>&1; then
  docker network create --label "$label" "$network" >/dev/null
fi

# Each node's engine: its socket (for the tasks that mount it) and TCP without TLS (for ciond and
# this script); the host's registry (scripts/ensure-registry.sh, port 5000 on every host address,
# reached at this network's gateway) and any other on a private range are trusted without TLS.
node_command=(dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 --tls=false
  --insecure-registry=10.0.0.0/8 --insecure-registry=172.16.0.0/12 --insecure-registry=192.168.0.0/16)
# A node made from another cion-test/dind or another command line is made again.
node_recipe=$(echo "$(docker image inspect -f '{{.Id}}' cion-test/dind) ${node_command[*]}" | sha256sum | cut -c1-16)

# A node: dockerd as a container with the capabilities profile (this engine refuses privileged
# containers: ../shared/docker-notes.md), so that per-job engines it starts through its socket
# work too. Its hostname is its name: Swarm reports it, and the job's result says node=NAME.
start_node() {
  local name=$1
  local state
  state=$(docker inspect -f '{{.State.Running}} {{index .Config.Labels "cion.test.swarm.recipe"}}' "$name" 2>/dev/null || true)
  [ "$state" != "true $node_recipe" ] || return 0
  docker rm -f -v "$name" >/dev/null 2>&1 || true
  say "starting $name"
  docker run -d --name "$name" --hostname "$name" --network "$network" \
    --label "$label" --label "cion.test.swarm.recipe=$node_recipe" \
    --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined \
    --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
    -v /sys/fs/cgroup:/sys/fs/cgroup:rw --device-cgroup-rule 'a *:* rwm' --tmpfs /var/lib/docker:exec \
    cion-test/dind "${node_command[@]}" >/dev/null
}

# Workers past WORKERS (from an earlier, larger swarm) go; the swarm forgets them below.
for extra in $(docker ps -a --filter "label=$label" --format '{{.Names}}' | grep -E '^cion-swarm-worker[0-9]+$' || true); do
  [ "${extra#cion-swarm-worker}" -le "$workers" ] || docker rm -f -v "$extra" >/dev/null
done

nodes=("$manager")
for i in $(seq 1 "$workers"); do nodes+=("$(worker_name "$i")"); done
for node in "${nodes[@]}"; do start_node "$node"; addresses[$node]=$(address "$node"); done
for node in "${nodes[@]}"; do until_true "the engine in $node" on "$node" version; done

manager_ip=${addresses[$manager]}
if [ "$(on "$manager" info -f '{{.Swarm.ControlAvailable}}')" != true ]; then
  say "initialising the swarm on $manager ($manager_ip)"
  on "$manager" swarm init --advertise-addr "$manager_ip" >/dev/null
fi
token=$(on "$manager" swarm join-token -q worker)

# A worker that is in no swarm, or in one this manager does not know (the manager was made
# again), joins this one.
known_nodes=$(on "$manager" node ls -q)
for i in $(seq 1 "$workers"); do
  worker=$(worker_name "$i")
  id=$(on "$worker" info -f '{{.Swarm.NodeID}}')
  if [ "$(swarm_state "$worker")" = active ] && grep -qx "$id" <<<"$known_nodes"; then
    continue
  fi
  [ "$(swarm_state "$worker")" = inactive ] || on "$worker" swarm leave --force >/dev/null 2>&1 || true
  say "joining $worker"
  on "$worker" swarm join --advertise-addr "${addresses[$worker]}" --token "$token" "$manager_ip:2377" >/dev/null
done

# The entries of nodes that are gone (a killed worker made again is a new node) are forgotten,
# so that the node list shows what really runs.
live_ids=()
for node in "${nodes[@]}"; do live_ids+=("$(on "$node" info -f '{{.Swarm.NodeID}}')"); done
for id in $(on "$manager" node ls -q); do
  [[ " ${live_ids[*]} " == *" $id "* ]] || on "$manager" node rm --force "$id" >/dev/null
done

on "$manager" node update --availability drain "$manager" >/dev/null
for i in $(seq 1 "$workers"); do
  worker=$(worker_name "$i")
  on "$manager" node update --availability active --label-add cion=runner "$worker" >/dev/null
  until_true "$worker to be ready in the swarm" node_ready "$worker"
done

# Images go only where they are missing or differ (the ID is the image's config digest, kept by
# save and load), to every worker at once. The manager runs no task and needs none.
loads=()
for i in $(seq 1 "$workers"); do
  worker=$(worker_name "$i")
  missing=()
  for image in "${images[@]}"; do
    [ "$(on "$worker" image inspect -f '{{.Id}}' "$image" 2>/dev/null)" = "$(docker image inspect -f '{{.Id}}' "$image")" ] \
      || missing+=("$image")
  done
  [ ${#missing[@]} -gt 0 ] || continue
  say "loading into $worker: ${missing[*]}"
  timeout "$(left)" bash -c 'docker save "${@:2}" | docker -H "tcp://$1:2375" load -q >/dev/null' _ "${addresses[$worker]}" "${missing[@]}" &
  loads+=($!)
done
for load in "${loads[@]}"; do
  wait "$load" || fail "loading images into the workers failed or took past ${timeout}s"
done

echo "tcp://$manager_ip:2375"
