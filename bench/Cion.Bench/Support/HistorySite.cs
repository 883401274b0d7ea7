using System.Security.Cryptography;
using System.Text;
using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;

namespace Cion.Bench.Support;

/// <summary>
/// A state directory holding a big history: 10 repos (<c>team/repo0</c> … <c>team/repo9</c>) of
/// 10,000 commits, one finished run each, written in cion's own file formats (1 in 100 failed).
/// The files are written directly: running 100,000 real jobs would take a day. Generated once and
/// read by both the <c>cion jobs</c> and the web page benchmarks (writing it, and removing it,
/// takes minutes on a slow disk).
/// </summary>
public sealed class HistorySite : IDisposable
{
    public Site Site { get; }
    public int Runs { get; }
    public double GeneratedMs { get; }
    public StateLayout Layout => new(Site.State);

    public HistorySite(int runs)
    {
        Site = new Site("history");
        Runs = runs;
        GeneratedMs = Generate(Layout, runs);
    }

    /// <summary>
    /// Writes the runs and, as the daemon keeps them, each repo's <c>latest</c> and <c>branches/main</c>
    /// links to its newest run (the overview page reads those). Returns how long it took (ms).
    /// </summary>
    private static double Generate(StateLayout layout, int runs)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        var newest = new Dictionary<string, string>(); // repo → SHA/runs/JOB_ID
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
            newest[repo] = Path.Combine(sha, StateLayout.RunsDir, job.Id.Value);
        }
        foreach (var (repo, run) in newest)
        {
            File.CreateSymbolicLink(Path.Combine(layout.RepoDir(repo), StateLayout.LatestLink), run);
            Directory.CreateDirectory(Path.Combine(layout.RepoDir(repo), StateLayout.BranchesDir));
            File.CreateSymbolicLink(layout.BranchLink(repo, "main"), StateLayout.BranchLinkTarget("main", run));
        }
        return clock.Elapsed.TotalMilliseconds;
    }

    public void Dispose() => Site.Dispose();
}
