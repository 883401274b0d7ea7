using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Issue 16: what running a job on a Swarm node adds. A trivial job (a build of busybox <c>true</c> without an
/// engine, no release) pushed to a daemon with <c>runner: swarm</c> (two workers), push → finished_at, against
/// the same job on a daemon with the local runner on the host's engine, in turns. The floor for what Swarm
/// adds is the same design done by hand (<see cref="JobServiceByHand"/>) against the container run on the host.
/// </summary>
public static class SwarmTrivial
{
    public static void Run(Report report, int jobs)
    {
        var manager = SwarmSite.Up(2);
        using var swarm = SwarmSite.Create("swarm-trivial", manager, concurrency: 2, maxJobsPerNode: 2);
        using var local = new Site("swarm-trivial-local");
        var (_, swarmWork) = swarm.CreateRepo("app");
        var (_, localWork) = local.CreateRepo("app");
        swarm.StartDaemon();
        local.StartDaemon();
        var (onSwarm, onHost, floor, placed) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var (byHandOnNode, byHandOnHost) = (new List<double>(), new List<double>());
        var worker = SwarmSite.WorkerEngine("cion-swarm-worker1");
        var nodes = new Dictionary<string, int>();
        var phases = new PhaseTable("queue_wait", "checkout", "config", "place", "build", "cleanup");
        for (var i = -2; i < jobs; i++) // two warm-up rounds
        {
            var (swarmMs, dir, result) = Push(swarm, swarmWork, $"{i} swarm");
            var (localMs, _, _) = Push(local, localWork, $"{i} local");
            var byHand = JobServiceByHand.Run(manager);
            var (nodeRun, hostRun) = (SwarmFloors.ContainerRun(worker), SwarmFloors.ContainerRun(null));
            if (i < 0) continue;
            byHandOnNode.Add(nodeRun);
            byHandOnHost.Add(hostRun);
            onSwarm.Add(swarmMs);
            onHost.Add(localMs);
            floor.Add(byHand);
            phases.Add(result);
            if (SwarmSite.LogTime(dir, "asked Swarm for a node") is { } asked && SwarmSite.LogTime(dir, "runs on node") is { } runs)
                placed.Add((runs - asked).TotalMilliseconds);
            var node = result.GetValueOrDefault("node", "?");
            nodes[node] = nodes.GetValueOrDefault(node) + 1;
        }
        var (s, h, f) = (new Stats(onSwarm), new Stats(onHost), new Stats(floor));
        var (added, host, onNode) = (s.Median - h.Median, new Stats(byHandOnHost), new Stats(byHandOnNode));
        var addedByHand = f.Median - host.Median;
        report.Add(new Row("swarm: one trivial job, push → `succeeded` on a Swarm node (2 workers)", s.Describe(),
            h.Describe() + " (the same job, `runner: local`)", $"{s.Median / h.Median:0.00}× (+{added:0} ms)", "adds ≤ 500 ms (p50)", added <= 500));
        report.Add(new Row("swarm, the floor: the same design by hand, a one-shot service whose task runs busybox `true` on its node's engine (nothing travels)",
            f.Describe(), host.Describe() + " (`docker run --rm` on the host)", $"{f.Median / host.Median:0.00}× (+{addedByHand:0} ms)", "report", null));
        report.Detail("Swarm: one trivial job", $"""
            {jobs} rounds (after 2 warm-up ones), each a trivial job (build busybox `true`, `docker: false`, no release) pushed to a
            daemon with `runner: swarm` (2 workers, `max_jobs_per_node: 2`), then the same job on a daemon with the local runner,
            then the floor. Push → finished_at: on the swarm {s.Describe()}, on the host {h.Describe()}: Swarm adds {added:0} ms (p50).
            Nodes: {string.Join(", ", nodes.OrderBy(n => n.Key).Select(n => $"{n.Key} {n.Value}"))}.
            Where the swarm job's time goes (medians of its result's phases, ms; `place` runs from asking Swarm to the runner's answer):

            {phases.Markdown()}

            Of `place`, service created → the runner on its node answers (cion.log: 'asked Swarm for a node' → 'runs on node'):
            {(placed.Count > 0 ? new Stats(placed).Describe() : "–")} (bench/swarm-timeline.py splits it up from the engines' events).
            The floor, the issue's design done by hand without cion: a one-shot service (one replica, restart none, the
            node's host network and docker.sock, as cion's runner) whose task runs `docker run --rm --network none` busybox
            `true` on its node's engine, nothing travelling, made and removed through the manager's API from the bench's
            process, timed from the create request to the task's completion as the manager stamped it, plus the removal:
            {f.Describe()}, against `docker run --rm` on the host {host.Describe()}: by hand, Swarm adds {addedByHand:0} ms (p50).
            The node's engine itself, a container by hand (`docker run --rm --network none` busybox `true`, the CLI's start
            included): on a worker's engine {onNode.Describe()}, on the host's {host.Describe()}
            ({onNode.Median - host.Median:0} ms more per container on the node).
            """);
    }

    private static (double Ms, string Dir, IReadOnlyDictionary<string, string> Result) Push(Site site, string work, string marker)
    {
        var sha = Site.Commit(work, ".cion.yml", SwarmSite.BuildOnly("true", marker));
        var pushed = DateTimeOffset.UtcNow;
        Proc.Git(work, "push", "-q", "origin", "main");
        var dir = site.CommitDir("app", sha);
        var status = Results.WaitForFinal(dir, TimeSpan.FromMinutes(3));
        if (status != "succeeded") throw new InvalidOperationException($"{site.Root}: job {sha} ended {status}:\n{JobPush.Tail(dir, "cion.log")}");
        var result = Results.Result(dir);
        return ((Results.Time(result, "finished_at") - pushed).TotalMilliseconds, dir, result);
    }
}
