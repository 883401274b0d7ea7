using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Issue 16: how fast one ciond hands jobs to a swarm, and what it holds while they run elsewhere. Jobs that
/// sleep 20 s (no engine), one branch each, pushed at once to a daemon with concurrency equal to their number and
/// <c>max_jobs_per_node</c> half of it, on two workers: jobs per second from the push's start until every job is
/// running on its node (status <c>running</c> and 'runs on node' in its cion.log), and ciond's peak RSS meanwhile.
/// </summary>
public static class SwarmDispatch
{
    public static void Run(Report report, int jobs)
    {
        var manager = SwarmSite.Up(2);
        using var site = SwarmSite.Create("swarm-dispatch", manager, concurrency: jobs, maxJobsPerNode: (jobs + 1) / 2);
        var (_, work) = site.CreateRepo("app");
        var shas = SwarmSite.OnBranches(work, jobs, "sleep 20", "dispatch");
        site.StartDaemon();
        var idle = MemorySampler.RssMiB(site.DaemonPid);
        using var sampler = new MemorySampler(site.DaemonPid);
        var pushed = DateTimeOffset.UtcNow;
        Proc.Git(work, "push", "-q", "origin", "--all");
        var running = new Dictionary<string, DateTimeOffset>();
        // A job that ends before it ran on a node is counted and named, not waited for: the figure is of the others.
        var failed = new Dictionary<string, string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (running.Count + failed.Count < jobs)
        {
            foreach (var sha in shas.Where(s => !running.ContainsKey(s) && !failed.ContainsKey(s)))
            {
                var dir = site.CommitDir("app", sha);
                if (Results.Status(dir) == "running" && SwarmSite.LogTime(dir, "runs on node") is { } at) running[sha] = at;
                else if (Results.IsFinal(dir)) failed[sha] = Results.Result(dir).GetValueOrDefault("error", Results.Status(dir)!);
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{running.Count} of {jobs} jobs running after 5 minutes");
            Thread.Sleep(20);
        }
        foreach (var (sha, error) in failed) Console.WriteLine($"  job {sha[..7]} did not run: {error}");
        var allRunning = (running.Values.Max() - pushed).TotalMilliseconds;
        var whileRunning = sampler.PeakMiB;
        var last = SwarmSite.WaitAll(site, "app", shas.Where(sha => !failed.ContainsKey(sha)).ToList(), TimeSpan.FromMinutes(10));
        var peak = Math.Max(sampler.PeakMiB, MemorySampler.HighWaterMiB(site.DaemonPid));
        var rate = running.Count / (allRunning / 1000);
        var failures = failed.Count == 0 ? "" : $" ({failed.Count} of {jobs} ended in error before they ran: {string.Join("; ", failed.Values.Distinct())})";
        var gaps = running.Values.Order().Zip(running.Values.Order().Skip(1), (a, b) => (b - a).TotalMilliseconds);
        report.Add(new Row($"swarm: dispatch of {jobs} jobs at once, push → all running on their nodes", $"{rate:0.00} jobs/s ({running.Count} in {allRunning / 1000:0.0} s)",
            "–", "–", "report", null));
        report.Add(new Row($"swarm: peak RSS of `ciond` with {jobs} jobs running remotely", $"{peak:0.0} MiB", $"{idle:0.0} MiB (idle)",
            $"{peak / idle:0.00}×", "report", null));
        report.Detail("Swarm: dispatch", $"""
            {jobs} jobs, each a build of busybox `sleep 20` (`docker: false`) on its own branch, pushed at once to a daemon with
            concurrency {jobs} and `max_jobs_per_node: {(jobs + 1) / 2}` on 2 workers. From the push's start, the first job ran on its
            node after {(running.Values.Min() - pushed).TotalMilliseconds / 1000:0.0} s, the last after {allRunning / 1000:0.0} s:
            {rate:0.00} jobs/s{failures}; between one job running and the next: {new Stats(gaps).Describe()}. All that ran finished
            {(last - pushed).TotalMilliseconds / 1000:0.0} s after the push. ciond's RSS (VmRSS every 50 ms, and VmHWM): {idle:0.0} MiB idle,
            {whileRunning:0.0} MiB peak until all ran, {peak:0.0} MiB peak through their end.
            """);
    }
}
