namespace Cion.Bench.Support;

/// <summary>
/// A real job printing stamped lines (<see cref="StampedLog"/>), pushed and running. Disposing it
/// cancels it if it is still running: ciond leaves a running job's containers alone when it stops,
/// so without this a benchmark that fails would leave the container printing after it.
/// </summary>
public sealed class StampedJob : IDisposable
{
    private readonly Site _site;

    public string Repo { get; }
    public string Sha { get; }
    public string RunDir { get; }
    public string Id => Path.GetFileName(RunDir);
    public string BuildLog => Path.Combine(RunDir, "build.log");
    public string PagePath => $"{Repo}/-/jobs/{Id}";
    public string EventsPath => PagePath + "/events";

    private StampedJob(Site site, string repo, string sha, string runDir) => (_site, Repo, Sha, RunDir) = (site, repo, sha, runDir);

    /// <summary>Commits and pushes the job (the repo's hook queues it) and returns once the daemon has given it a run.</summary>
    public static StampedJob Push(Site site, string repo, string work, int lines, string timeout)
    {
        var sha = Site.Commit(work, ".cion.yml", StampedLog.Config(lines, timeout));
        Proc.Git(work, "push", "-q", "origin", "main");
        return new StampedJob(site, repo, sha, site.WaitForRun(repo, sha, TimeSpan.FromSeconds(30)));
    }

    /// <summary>Waits until the build has printed <paramref name="count"/> lines: it is running, and its log has something to follow.</summary>
    public StampedJob WaitForLines(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!(File.Exists(BuildLog) && File.ReadAllText(BuildLog).Contains($"stamped {count - 1} ", StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{BuildLog} did not reach {count} lines in a minute ({WaitStatus()})");
            Thread.Sleep(50);
        }
        return this;
    }

    private string WaitStatus() => $"status {Results.Status(_site.CommitDir(Repo, Sha)) ?? "none"}";

    public string WaitForFinal(TimeSpan timeout) => Results.WaitForFinal(_site.CommitDir(Repo, Sha), timeout);

    public void Dispose()
    {
        if (Results.IsFinal(_site.CommitDir(Repo, Sha))) return;
        Proc.Run(Paths.Cion, ["--config", _site.ConfigPath, "cancel", Id]);
        WaitForFinal(TimeSpan.FromMinutes(1));
    }
}
