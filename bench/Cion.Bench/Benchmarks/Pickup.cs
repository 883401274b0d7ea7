using System.Text;
using Cion.Bench.Support;
using Cion.Core.Jobs;
using Cion.Core.Spool;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// From the moment a job file is renamed into <c>spool/new</c> to the moment the daemon marks the
/// job running (<c>started_at</c> in its result: the daemon takes that time, then writes status
/// <c>running</c>). One job at a time, the daemon idle in between, so nothing waits for a free
/// slot. The commit has no .cion.yml, so each job ends (error) right after it starts and the
/// next sample need not wait for containers.
/// </summary>
public static class Pickup
{
    public static void Run(Report report, int samples)
    {
        using var site = new Site("pickup");
        var (bare, work) = site.CreateRepo("pickup", withHook: false);
        var sha = Site.Commit(work, "README", "no .cion.yml here\n");
        Proc.Git(work, "push", "-q", "origin", "main");
        site.StartDaemon();
        var pickups = new List<double>();
        var waits = new List<double>();
        for (var i = -5; i < samples; i++)
        {
            var (pickup, wait) = Sample(site, "pickup", bare, sha);
            if (i < 0) continue;
            pickups.Add(pickup);
            waits.Add(wait);
        }
        var stats = new Stats(pickups);
        report.Add(new Row("pickup: job file in `spool/new` → status `running`",
            $"p50 {Stats.Fmt(stats.Median)} ms, p99 {Stats.Fmt(stats.Percentile(99))} ms", "–", "–",
            "p50 ≤ 10 ms, p99 ≤ 50 ms", stats.Median <= 10 && stats.Percentile(99) <= 50));
        report.Detail("Pickup", $"""
            {samples} jobs, one at a time (after 5 warm-up jobs). started_at is written to the millisecond
            (truncated), so each sample is exact to about 1 ms.
            p50 {Stats.Fmt(stats.Median)} ms, p90 {Stats.Fmt(stats.Percentile(90))} ms, p99 {Stats.Fmt(stats.Percentile(99))} ms,
            min {Stats.Fmt(stats.Min)} ms, max {Stats.Fmt(stats.Max)} ms.
            The result's own queue_wait_ms (from the job file's queued_at to started_at): {new Stats(waits).Describe()}.
            """);
    }

    /// <summary>
    /// One job file renamed into <c>spool/new</c> for a commit of <paramref name="repo"/> that has no
    /// .cion.yml; waits for the job to end. Returns the pickup (ms, to started_at) and the result's queue_wait_ms.
    /// </summary>
    public static (double Pickup, double QueueWait) Sample(Site site, string repo, string bare, string sha)
    {
        var spool = new SpoolLayout(site.Spool);
        var now = DateTimeOffset.UtcNow;
        var job = new Job
        {
            Id = JobId.New(now, sha), Repo = repo, RepoPath = bare, Ref = "refs/heads/main",
            Old = new string('0', 40), New = sha, PushedBy = "bench", QueuedAt = now,
        };
        var name = job.Id.Value + JobFile.Extension;
        var tmp = Path.Combine(spool.Tmp, name);
        File.WriteAllBytes(tmp, Encoding.UTF8.GetBytes(JobFile.Format(job)));
        var appeared = DateTimeOffset.UtcNow;
        File.Move(tmp, Path.Combine(spool.New, name));
        var run = Path.Combine(site.CommitDir(repo, sha), "runs", job.Id.Value);
        Results.WaitForFinal(run, TimeSpan.FromSeconds(30));
        var result = Results.Result(run);
        Thread.Sleep(20); // let the daemon finish its bookkeeping for this job before the next file
        return ((Results.Time(result, "started_at") - appeared).TotalMilliseconds, Results.Ms(result, "queue_wait_ms"));
    }
}
