namespace Cion.Bench.Support;

/// <summary>
/// One job pushed to a bench repo and waited for to its end: what the benchmarks that push one job
/// at a time and read its files share.
/// </summary>
public static class JobPush
{
    /// <summary>
    /// Commits <paramref name="cionYml"/> on main, pushes it and waits for its final status; a job
    /// that did not succeed stops the benchmark with its logs' tails. Returns the commit's folder.
    /// </summary>
    public static string PushAndWait(Site site, string repo, string work, string cionYml, TimeSpan timeout)
    {
        var sha = Site.Commit(work, ".cion.yml", cionYml);
        Proc.Git(work, "push", "-q", "origin", "main");
        var dir = site.CommitDir(repo, sha);
        var status = Results.WaitForFinal(dir, timeout, pollMs: 20);
        if (status != "succeeded")
            throw new InvalidOperationException($"{site.Root}: job {sha} ended {status}:\n{Tail(dir, "cion.log")}\n{Tail(dir, "build.log")}");
        return dir;
    }

    public static string Tail(string dir, string log) =>
        File.Exists(Path.Combine(dir, log)) ? string.Join('\n', File.ReadLines(Path.Combine(dir, log)).TakeLast(15)) : $"({log} missing)";

    /// <summary>A script indented to sit under a <c>cmd: |</c> of a step in a .cion.yml.</summary>
    public static string Indent(string text, string by) => string.Join('\n', text.Split('\n').Select(l => by + l));
}
