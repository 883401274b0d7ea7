using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Issue 16: does a second node add throughput? Jobs that each sleep 3 s (no engine), one push of one branch
/// each, on two workers with concurrency 4 and <c>max_jobs_per_node: 2</c>, against one worker with
/// concurrency 2 (the swarm brought to one worker by scripts/swarm-up.sh, then back to two). Each side is
/// timed from the push's start to the last job's finished_at.
/// </summary>
public static class SwarmSpread
{
    public static void Run(Report report, int jobs)
    {
        var manager = SwarmSite.Up(2);
        var two = Wall(manager, "two", jobs, concurrency: 4, out var nodesTwo);
        var swarmTwo = SwarmFloors.BareJobServices(manager, jobs, "sleep", "3");
        string[] workers = ["cion-swarm-worker1", "cion-swarm-worker2"];
        var byHandTwo = SwarmFloors.ContainersByHand([.. workers.Select(SwarmSite.WorkerEngine)], jobs, "sleep", "3");
        var byHandOne = SwarmFloors.ContainersByHand([SwarmSite.WorkerEngine(workers[0])], jobs, "sleep", "3");
        double one, swarmOne;
        string nodesOne;
        try
        {
            manager = SwarmSite.Up(1);
            one = Wall(manager, "one", jobs, concurrency: 2, out nodesOne);
            swarmOne = SwarmFloors.BareJobServices(manager, jobs, "sleep", "3");
        }
        finally { SwarmSite.Up(2); } // the swarm is left as the tests expect it: two healthy workers
        var ratio = one / two;
        report.Add(new Row($"swarm: {jobs} jobs of `sleep 3`, 2 workers × 2 jobs (concurrency 4)", $"{two / 1000:0.0} s",
            $"{one / 1000:0.0} s (1 worker × 2 jobs, concurrency 2)", $"{ratio:0.00}× throughput", "≥ 1.8×", ratio >= 1.8));
        report.Detail("Swarm: two nodes against one", $"""
            {jobs} jobs, each a build of busybox `sleep 3` (`docker: false`, no release) on its own branch, pushed at once
            (`git push --all`), `max_jobs_per_node: 2`; timed from the push's start to the last finished_at.
            Two workers, concurrency 4: {two / 1000:0.0} s ({nodesTwo}). One worker, concurrency 2: {one / 1000:0.0} s ({nodesOne}).
            The least either could take is {jobs / 4 * 3} s and {jobs / 2 * 3} s of sleeping.
            The floor on these workers, without Swarm or cion: the same {jobs} containers (`docker run --rm --network none`
            busybox `sleep 3`) started by hand on the workers' own engines, two at a time on each: on both workers
            {byHandTwo / 1000:0.0} s, on one {byHandOne / 1000:0.0} s ({byHandOne / byHandTwo:0.00}×).
            The floor with Swarm and without cion: the same {jobs} as bare one-shot services made at once through the manager
            (replicated-job, restart none, `node.labels.cion==runner`), each reserving half a worker's CPUs so that Swarm keeps two
            on a node, from the first create to the last completion the manager stamped: on both workers {swarmTwo / 1000:0.0} s,
            on one {swarmOne / 1000:0.0} s ({swarmOne / swarmTwo:0.00}×).
            """);
    }

    private static double Wall(string manager, string name, int jobs, int concurrency, out string nodes)
    {
        using var site = SwarmSite.Create($"swarm-spread-{name}", manager, concurrency, maxJobsPerNode: 2);
        var (_, work) = site.CreateRepo("app");
        var shas = SwarmSite.OnBranches(work, jobs, "sleep 3", name);
        site.StartDaemon();
        var pushed = DateTimeOffset.UtcNow;
        Proc.Git(work, "push", "-q", "origin", "--all");
        var last = SwarmSite.WaitAll(site, "app", shas, TimeSpan.FromMinutes(10));
        nodes = string.Join(", ", shas.GroupBy(sha => Results.Result(site.CommitDir("app", sha)).GetValueOrDefault("node", "?"))
            .OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        return (last - pushed).TotalMilliseconds;
    }
}
