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
        var two = Wall(SwarmSite.Up(2), "two", jobs, concurrency: 4, out var nodesTwo);
        string[] workers = ["cion-swarm-worker1", "cion-swarm-worker2"];
        var byHandTwo = ByHand([.. workers.Select(SwarmSite.WorkerEngine)], jobs);
        var byHandOne = ByHand([SwarmSite.WorkerEngine(workers[0])], jobs);
        double one;
        string nodesOne;
        try { one = Wall(SwarmSite.Up(1), "one", jobs, concurrency: 2, out nodesOne); }
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
            """);
    }

    /// <summary>The jobs' containers run by hand, two at a time on each engine, from the first start to the last exit (ms).</summary>
    private static double ByHand(IReadOnlyList<string> engines, int jobs)
    {
        var next = -1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var slots = engines.SelectMany(engine => new[] { engine, engine }).Select(engine => Task.Run(() =>
        {
            while (Interlocked.Increment(ref next) < jobs)
                Proc.Run("docker", ["-H", engine, "run", "--rm", "--network", "none", Paths.Busybox, "sleep", "3"]);
        }));
        Task.WaitAll([.. slots]);
        return clock.Elapsed.TotalMilliseconds;
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
