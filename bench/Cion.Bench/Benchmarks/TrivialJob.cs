using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Push → <c>succeeded</c> for a job whose build and release run <c>true</c> without a per-job
/// engine, against a local clone of the commit plus the same two <c>docker run --rm</c>. cion's
/// end is the <c>finished_at</c> it writes (after its cleanup); its start is the push's start,
/// so the hook and the pickup count against cion.
/// </summary>
public static class TrivialJob
{
    public static void Run(Report report, int jobs)
    {
        using var site = new Site("trivial");
        var (bare, work) = site.CreateRepo("trivial");
        site.StartDaemon();
        var scratch = Path.Combine(site.Root, "scratch");
        Directory.CreateDirectory(scratch);
        var cion = new List<double>();
        var direct = new List<double>();
        var phases = new PhaseTable("queue_wait", "checkout", "config", "build", "release_wait", "release", "cleanup");
        for (var i = -2; i < jobs; i++) // two warm-up rounds
        {
            var (took, sha, result) = Push(site, "trivial", work, $"{i}");
            var reference = DirectJob.Run(bare, sha, scratch);
            if (i < 0) continue;
            cion.Add(took);
            direct.Add(reference);
            phases.Add(result);
        }
        var (c, d) = (new Stats(cion), new Stats(direct));
        var ratio = c.Median / d.Median;
        report.Add(new Row("one trivial job: push → `succeeded`", c.Describe(), d.Describe() + " (clone + 2 × `docker run --rm`)",
            $"{ratio:0.00}×", "≤ 1.1×", ratio <= 1.1));
        report.Detail("One trivial job", $"""
            {jobs} jobs (after 2 warm-up rounds), each followed by its reference on the same commit.
            cion, push to finished_at: {c.Describe()}; reference: {d.Describe()}.
            Where cion's time goes (medians of the result files' phases, ms):

            {phases.Markdown()}
            """);
    }

    /// <summary>
    /// Commits a trivial .cion.yml (made unique by <paramref name="marker"/>), pushes it and waits for
    /// <c>succeeded</c>. Returns push start → finished_at (ms), the commit and its result file.
    /// </summary>
    public static (double Ms, string Sha, IReadOnlyDictionary<string, string> Result) Push(Site site, string repo, string work, string marker)
    {
        var sha = Site.Commit(work, ".cion.yml", DirectJob.TrivialConfig() + $"# {marker}\n");
        var pushed = DateTimeOffset.UtcNow;
        Proc.Git(work, "push", "-q", "origin", "main");
        var status = Results.WaitForFinal(site.CommitDir(repo, sha), TimeSpan.FromMinutes(2));
        if (status != "succeeded") throw new InvalidOperationException($"trivial job {sha} ended {status}");
        var result = Results.Result(site.CommitDir(repo, sha));
        return ((Results.Time(result, "finished_at") - pushed).TotalMilliseconds, sha, result);
    }
}
