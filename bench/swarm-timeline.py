#!/usr/bin/env python3
"""Where a trivial Swarm job's time goes, as the engines saw it.

Runs the bench's swarm-trivial on the staged build (`make stage`), with the swarm up (scripts/swarm-up.sh,
or any earlier swarm bench or test, which leave it up), while it records `docker events` on the manager and on each worker, then prints,
for every job, the medians of each stretch between two events: service created -> runner container
created on its node (Swarm's scheduling) -> runner started -> ciond's first engine call through it
-> the filling's marker volume created -> removed (the volumes filled) -> build container created -> started
-> exited -> removed (after the copy back) -> service removed. The nodes are containers of this machine and share its clock.

Usage: bench/swarm-timeline.py [WORKERS]   (default 2; run from the repository's root)
"""
import os
import re
import statistics
import subprocess
import sys
import time

FORMAT = "{{.TimeNano}} {{.Type}} {{.Action}} {{.Actor.Attributes.name}}"


def manager_endpoint():
    ip = subprocess.check_output(
        ["docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "cion-swarm-manager"], text=True).strip()
    return f"tcp://{ip}:2375"


def record(workers):
    """Starts one `docker events` per engine; returns the processes."""
    procs = [subprocess.Popen(["docker", "-H", manager_endpoint(), "events", "--filter", "type=service", "--format", FORMAT],
                              stdout=subprocess.PIPE, text=True)]
    for i in range(1, workers + 1):
        procs.append(subprocess.Popen(["docker", "exec", f"cion-swarm-worker{i}", "docker", "events", "--format", FORMAT],
                                      stdout=subprocess.PIPE, text=True))
    return procs


def collect(procs):
    events = []
    for p in procs:
        p.terminate()
        out, _ = p.communicate()
        for line in out.splitlines():
            parts = line.split(" ", 3)
            if len(parts) == 4:
                events.append((int(parts[0]) / 1e6, parts[1], parts[2], parts[3]))
    return sorted(events)


def stretches(events):
    """One row per job: the milliseconds of each stretch."""
    rows = []
    for t0, kind, action, service in events:
        if kind != "service" or action != "create" or not service.startswith("cion-2"):
            continue
        # The service is cion-<job id, its dot a dash>; the job's containers are cion-<job id>-<step>.
        job = re.sub(r"-(\d+)-([0-9a-f]+-[0-9a-f]+)$", r".\1-\2", service[len("cion-"):])
        build = f"cion-{job}-build"

        def at(action_wanted, match):
            return next((t - t0 for t, _, a, name in events if t >= t0 and a == action_wanted and match(name)), None)

        marks = [
            at("create", lambda n: n.startswith(service + ".1.")),
            at("start", lambda n: n.startswith(service + ".1.")),
            at("create", lambda n: n.startswith(f"cion-{job}") and n.endswith("-seed")),
            at("destroy", lambda n: n.startswith(f"cion-{job}") and n.endswith("-seed")),
            at("create", lambda n: n == build),
            at("start", lambda n: n == build),
            at("die", lambda n: n == build),
            at("destroy", lambda n: n == build),
            at("remove", lambda n: n == service),
        ]
        if None in marks:
            continue
        # The marker volume (NAME-seed; a helper container of that name before ada8581) lives while the job's volumes
        # are filled; the artifacts are copied back between the build's exit and its removal.
        names = ["scheduling", "runner start", "to first call", "filling volumes", "to build create", "build start", "build runs",
                 "exit to removed", "to service rm"]
        row = {names[0]: marks[0]}
        row.update({names[i]: marks[i] - marks[i - 1] for i in range(1, len(marks))})
        row["total"] = marks[-1]
        rows.append(row)
    return rows


def main():
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    procs = record(workers)
    time.sleep(1)
    subprocess.run(["dotnet", "build", "bench/Cion.Bench", "-c", "Release", "--nologo", "-v", "quiet"], check=True)
    subprocess.run(["dotnet", "run", "-c", "Release", "--no-build", "--project", "bench/Cion.Bench", "--", "--only", "swarm-trivial"],
                   check=True, env={**os.environ, "BENCH_COMMAND": "bench/swarm-timeline.py"})
    time.sleep(2)
    rows = stretches(collect(procs))
    if not rows:
        sys.exit("no job's events were seen: is the swarm up and did the bench run on it?")
    print(f"\n{len(rows)} jobs, medians (ms) of what the engines saw, from service create:")
    for name in rows[0]:
        print(f"  {name:22} {statistics.median(r[name] for r in rows):6.0f}")


if __name__ == "__main__":
    main()
