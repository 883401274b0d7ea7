using System.Security.Cryptography;
using System.Text;
using Cion.Bench.Support;
using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// <c>cion jobs</c> (and its repo and status filters) over a state directory holding 100,000
/// finished runs: 10 repos of 10,000 commits, one run each, written in cion's own file formats
/// (1 in 100 failed). The files are written directly: running 100,000 real jobs would take a day.
/// </summary>
public static class BigHistory
{
    public static void Run(Report report, int runs, int rounds)
    {
        using var site = new Site("history");
        var generated = Generate(new StateLayout(site.State), runs);
        var queries = new (string Label, string[] Args)[]
        {
            ("`cion jobs`", ["jobs"]),
            ("`cion jobs REPO`", ["jobs", "team/repo3"]),
            ("`cion jobs --status failed`", ["jobs", "--status", "failed"]),
            ("`cion jobs --limit 100 --json`", ["jobs", "--limit", "100", "--json"]),
        };
        var lines = new List<string>();
        foreach (var (label, args) in queries)
        {
            var times = new List<double>();
            string output = "";
            for (var i = -1; i < rounds; i++)
            {
                (var ms, output) = Proc.Timed(Paths.Cion, ["--config", site.ConfigPath, .. args]);
                if (i >= 0) times.Add(ms);
            }
            if (output.Split('\n').Length < 20) throw new InvalidOperationException($"{label} printed too little:\n{output}");
            var stats = new Stats(times);
            lines.Add($"| {label} | {stats.Describe()} | {Stats.Fmt(stats.Max)} ms |");
            if (args.Length == 1)
                report.Add(new Row($"big history: `cion jobs` with {runs:N0} runs on disk", stats.Describe(), "–", "–", "≤ 1 s", stats.Percentile(90) <= 1000));
        }
        report.Detail("Big history", $"""
            {runs:N0} runs generated in {generated / 1000:0} s; each command run {rounds} times after one warm-up (the page
            cache is warm, as on a server that serves these commands often).

            | command | time | max |
            |---|---|---|
            {string.Join("\n", lines)}
            """);
    }

    private static double Generate(StateLayout layout, int runs)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var i = 0; i < runs; i++)
        {
            var repo = $"team/repo{i % 10}";
            var sha = Convert.ToHexStringLower(SHA1.HashData(BitConverter.GetBytes(i)));
            var queued = start.AddSeconds(i * 20);
            var job = new Job
            {
                Id = JobId.New(queued, sha), Repo = repo, RepoPath = $"/srv/git/{repo}.git", Ref = "refs/heads/main",
                Old = new string('0', 40), New = sha, PushedBy = "bench", QueuedAt = queued,
            };
            var state = i % 100 == 99 ? JobState.Failed : JobState.Succeeded;
            var run = layout.Run(job);
            RunIndex.Append(layout.RepoDir(repo), job); // as FileStateStore.Register does
            Directory.CreateDirectory(run.Dir);
            File.WriteAllText(run.Job, JobFile.Format(job));
            File.WriteAllText(run.Status, state.ToWord() + "\n");
            File.WriteAllText(run.Result, new ResultFile
            {
                Status = state.ToWord(), QueuedAt = queued, StartedAt = queued.AddMilliseconds(3), FinishedAt = queued.AddSeconds(2),
                BuildExit = state == JobState.Succeeded ? 0 : 1, ReleaseExit = state == JobState.Succeeded ? 0 : null,
            }.Format(), Encoding.UTF8);
            File.CreateSymbolicLink(Path.Combine(layout.CommitDir(repo, sha), StateLayout.LatestLink), Path.Combine(StateLayout.RunsDir, job.Id.Value));
        }
        return clock.Elapsed.TotalMilliseconds;
    }
}
