using System.Diagnostics;

namespace Cion.Bench.Support;

/// <summary>
/// A cion installation in a temp folder, as the tests make one: config, spool, state, a
/// repos root, bare repos with the real installed hook, and the real daemon when asked.
/// </summary>
public sealed class Site : IDisposable
{
    private Process? _daemon;

    public string Root { get; }
    public string ConfigPath => Path.Combine(Root, "cion.yml");
    public string Spool => Path.Combine(Root, "spool");
    public string State => Path.Combine(Root, "state");
    public string Repos => Path.Combine(Root, "git");
    public int DaemonPid => _daemon?.Id ?? throw new InvalidOperationException("no daemon");

    /// <summary>The root engine these figures have always measured, for every bench repo: each job starts its own (no warm engines).</summary>
    private const string RootEngine = "  profile: capabilities\n  trusted: ['**']\n  warm: off";

    /// <param name="dind">More lines for the config's <c>dind:</c> map, indented as its keys; by default the root engine.</param>
    public Site(string name, int concurrency = 2, string? dind = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "cion-bench", $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Repos);
        File.WriteAllText(ConfigPath, $"""
            spool: spool
            state: state
            log: log
            repos: [git]
            concurrency: {concurrency}
            dind:
              image: {Paths.Dind}
            {dind ?? RootEngine}
            """);
    }

    /// <summary>A bare repo with cion's hook, and a clone of it to commit in.</summary>
    public (string Bare, string Work) CreateRepo(string name, bool withHook = true)
    {
        var bare = Path.Combine(Repos, name + ".git");
        var work = Path.Combine(Root, "work", name);
        Proc.Run("git", ["init", "-q", "--bare", "-b", "main", bare]);
        if (withHook) Proc.Run(Paths.Cion, ["--config", ConfigPath, "install-hook", bare]);
        Proc.Run("git", ["clone", "-q", bare, work]);
        Proc.Git(work, "config", "user.name", "bench");
        Proc.Git(work, "config", "user.email", "bench@example.invalid");
        Proc.Git(work, "checkout", "-q", "-b", "main");
        return (bare, work);
    }

    /// <summary>Writes the file, commits it and returns the commit (not pushed).</summary>
    public static string Commit(string work, string file, string text, string message = "change")
    {
        var path = Path.Combine(work, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        Proc.Git(work, "add", "-A");
        Proc.Git(work, "commit", "-q", "--no-verify", "-m", message);
        return Proc.Run("git", ["rev-parse", "HEAD"], work).Trim();
    }

    public void StartDaemon()
    {
        var start = new ProcessStartInfo(Paths.Ciond) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(ConfigPath);
        _daemon = Process.Start(start)!;
        var ready = new TaskCompletionSource();
        _daemon.OutputDataReceived += (_, e) => { if (e.Data?.Contains(" ready: ") == true) ready.TrySetResult(); };
        _daemon.ErrorDataReceived += (_, _) => { };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("ciond did not report ready");
    }

    public void StopDaemon()
    {
        if (_daemon is null) return;
        if (!_daemon.HasExited)
        {
            Process.Start("kill", ["-TERM", _daemon.Id.ToString()])!.WaitForExit();
            if (!_daemon.WaitForExit(TimeSpan.FromSeconds(60))) _daemon.Kill(entireProcessTree: true);
        }
        _daemon.Dispose();
        _daemon = null;
    }

    public string CommitDir(string repo, string sha) => Path.Combine(State, "jobs", repo, sha);

    /// <summary>One run of a commit (a retry's, a deploy's), which the commit's own links may not name.</summary>
    public string RunDir(string repo, string sha, string jobId) => Path.Combine(CommitDir(repo, sha), "runs", jobId);

    /// <summary>Waits for the daemon to give the commit a run (its <c>latest</c> link) and returns the run's folder.</summary>
    public string WaitForRun(string repo, string sha, TimeSpan timeout)
    {
        var latest = new FileInfo(Path.Combine(CommitDir(repo, sha), "latest"));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            latest.Refresh();
            if (latest.LinkTarget is { } target) return Path.Combine(CommitDir(repo, sha), target);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no run of {repo} {sha} after {timeout}");
            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
        StopDaemon();
        // For profiling by hand: CION_BENCH_KEEP=1 leaves the site (config, state, repos) in place.
        if (Environment.GetEnvironmentVariable("CION_BENCH_KEEP") == "1")
        {
            Console.WriteLine($"  kept {Root}");
            return;
        }
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
