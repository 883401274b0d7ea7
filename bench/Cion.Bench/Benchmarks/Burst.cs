using System.Diagnostics;
using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Many trivial jobs queued by one push (one branch each, each releasing to its own
/// environment, so releases need not wait for each other), at concurrency 2 and 4, against the
/// same clones and containers done directly in 2 and 4 parallel lanes. The daemon's resident
/// memory is sampled throughout; at the highest concurrency a second burst on the same daemon
/// shows whether memory grows from one burst to the next.
/// </summary>
public static class Burst
{
    public static void Run(Report report, int jobs, IReadOnlyList<int> lanes)
    {
        var memory = new List<string>();
        var peaks = new List<double>();
        var afterBursts = new List<double>(); // at the highest concurrency, burst after burst
        foreach (var concurrency in lanes)
        {
            using var site = new Site($"burst{concurrency}", concurrency);
            var (_, work) = site.CreateRepo("burst");
            var (reference, _) = site.CreateRepo("reference", withHook: false);
            var shas = CommitOnEachBranch(work, jobs, round: 1);
            Proc.Git(work, "push", "-q", reference, "--all");
            var direct = Lanes(reference, shas, concurrency, Path.Combine(site.Root, "scratch"));

            site.StartDaemon();
            var idle = MemorySampler.RssMiB(site.DaemonPid);
            var rounds = concurrency == lanes.Max() ? 2 : 1;
            for (var round = 1; round <= rounds; round++)
            {
                if (round > 1) shas = CommitOnEachBranch(work, jobs, round);
                using var sampler = new MemorySampler(site.DaemonPid);
                var cion = PushAndWait(site, work, shas);
                Thread.Sleep(3000); // what the daemon holds once the burst is over
                var after = MemorySampler.RssMiB(site.DaemonPid);
                var peak = Math.Max(sampler.PeakMiB, MemorySampler.HighWaterMiB(site.DaemonPid));
                var ratio = cion / direct;
                var label = rounds > 1 ? $", burst {round}" : "";
                report.Add(new Row($"burst: {jobs} trivial jobs, concurrency {concurrency}{label}", $"{cion / 1000:0.0} s",
                    $"{direct / 1000:0.0} s ({concurrency} lanes)", $"{ratio:0.00}×", "≤ 1.1×", ratio <= 1.1));
                memory.Add($"| {concurrency} | {round} | {idle:0.0} | {peak:0.0} | {after:0.0} |");
                peaks.Add(peak);
                if (rounds > 1) afterBursts.Add(after);
            }
        }
        report.Add(new Row("daemon memory: peak RSS of `ciond` through the bursts", $"{peaks.Max():0.0} MiB", "–", "–", "≤ 80 MiB", peaks.Max() <= 80));
        // Growth: what the daemon holds after a second burst against after the first, same daemon.
        var (first, second) = (afterBursts[0], afterBursts[^1]);
        report.Add(new Row("daemon memory: RSS after burst 1 → after burst 2", $"{first:0.0} → {second:0.0} MiB", "–",
            $"{second / first:0.00}×", "no growth (≤ 1.1×)", second <= first * 1.1));
        report.Detail("Burst and daemon memory", $"""
            Each burst is one `git push --all` of {jobs} branches, timed from the push's start to the
            last job's finished_at; the reference runs the same commits' clones and containers
            (`DirectJob`) in parallel lanes, timed from the first start to the last end.
            ciond's resident memory (VmRSS from /proc, sampled every 50 ms, and VmHWM), MiB:

            | concurrency | burst | idle before | peak | 3 s after |
            |---|---|---|---|---|
            {string.Join("\n", memory)}
            """);
    }

    /// <summary>One branch per job (b001, b002, ...), each with its own commit; returns their shas in order.</summary>
    private static List<string> CommitOnEachBranch(string work, int jobs, int round)
    {
        var shas = new List<string>();
        for (var i = 1; i <= jobs; i++)
        {
            var branch = $"b{i:000}";
            // Round 1: a root commit per branch (the clone is empty: there is no main to branch from).
            if (round == 1) Proc.Git(work, "checkout", "-q", "--orphan", branch);
            else Proc.Git(work, "checkout", "-q", branch);
            shas.Add(Site.Commit(work, ".cion.yml", DirectJob.TrivialConfig($"e{i:000}", branch) + $"# round {round}\n"));
        }
        return shas;
    }

    private static double PushAndWait(Site site, string work, IReadOnlyList<string> shas)
    {
        var pushed = DateTimeOffset.UtcNow;
        Proc.Git(work, "push", "-q", "-f", "origin", "--all");
        var pending = shas.Select(sha => site.CommitDir("burst", sha)).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
        while (pending.Count > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{pending.Count} burst jobs did not finish");
            pending.RemoveAll(Results.IsFinal);
            Thread.Sleep(100);
        }
        var finished = DateTimeOffset.MinValue;
        foreach (var sha in shas)
        {
            var dir = site.CommitDir("burst", sha);
            if (Results.Status(dir) != "succeeded") throw new InvalidOperationException($"burst job {sha} ended {Results.Status(dir)}");
            var end = Results.Time(Results.Result(dir), "finished_at");
            if (end > finished) finished = end;
        }
        return (finished - pushed).TotalMilliseconds;
    }

    private static double Lanes(string bare, IReadOnlyList<string> shas, int lanes, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(shas, new ParallelOptions { MaxDegreeOfParallelism = lanes }, sha => DirectJob.Run(bare, sha, scratch));
        return clock.Elapsed.TotalMilliseconds;
    }
}
