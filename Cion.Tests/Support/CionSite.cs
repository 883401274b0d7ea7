using Cion.Core.Jobs;

namespace Cion.Tests.Support;

/// <summary>
/// A whole cion installation in a temp folder: a config, spool, state and repos root, the
/// real daemon, real bare repos with the real hook. Read results the way a user would: files.
/// </summary>
public sealed class CionSite : IDisposable
{
    private readonly TempDir _dir;
    private readonly List<DaemonProcess> _daemons = [];
    private readonly List<WebProcess> _webs = [];

    public string ConfigPath { get; }
    public string Spool => _dir.Combine("spool");
    public string State => _dir.Combine("state");
    public string ReposRoot => _dir.Combine("git");
    public string SecretsDir => _dir.Combine("secrets");

    /// <summary>Writes a secrets file under <see cref="SecretsDir"/> (<c>team/app.env</c>), 0600 as the README asks.</summary>
    public void WriteSecrets(string relativePath, string text)
    {
        var path = Path.Combine(SecretsDir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
    public string Root => _dir.Path;

    private CionSite(TempDir dir, string configPath)
    {
        _dir = dir;
        ConfigPath = configPath;
    }

    /// <param name="dind">
    /// Lines for the config's <c>dind:</c> map, beyond the test engine images (<c>image</c> and
    /// <c>rootless_image</c>, each unless given). <c>profile: rootless</c> gives every
    /// <c>docker: true</c> the rootless engine; <c>profile: capabilities</c> with
    /// <c>trusted: [team/*]</c> gives repos under <c>team/</c> the root engine this host allows.
    /// No warm engines (<c>warm: off</c>) unless the lines name <c>warm</c>.
    /// </param>
    /// <param name="extra">More top-level config lines.</param>
    public static CionSite Create(TempDir dir, int concurrency = 2, string dind = "", string extra = "")
    {
        var config = dir.Combine("cion.yml");
        File.WriteAllText(config, $"""
            spool: spool
            state: state
            log: log
            secrets: secrets
            repos: [git]
            concurrency: {concurrency}
            dind:

            """ + Indent(WithTestImages(dind)) + extra);
        Directory.CreateDirectory(dir.Combine("git"));
        return new CionSite(dir, config);
    }

    private static string WithTestImages(string dind)
    {
        bool Has(string key) => dind.Split('\n').Any(line => line.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        // No warm engines unless a test asks: they would start after every engine's job and outlive its checks.
        return (Has("image") ? "" : $"image: {TestImages.Dind}\n") + (Has("rootless_image") ? "" : $"rootless_image: {TestImages.DindRootless}\n")
            + (Has("warm") ? "" : "warm: off\n") + dind;
    }

    private static string Indent(string lines) =>
        string.Concat(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"  {l}\n"));

    /// <summary>The job id of the commit's latest run, read from its job file.</summary>
    public string JobId(string repo, string sha) =>
        ReadFile(repo, sha, "job").Split('\n').First(l => l.StartsWith("id=", StringComparison.Ordinal))[3..];

    public DaemonProcess StartDaemon()
    {
        var daemon = DaemonProcess.Start(ConfigPath);
        _daemons.Add(daemon);
        return daemon;
    }

    /// <summary>Starts cion-web on the site's config (a free loopback port); stopped when the site is disposed.</summary>
    public WebProcess StartWeb()
    {
        var web = WebProcess.Start(ConfigPath);
        _webs.Add(web);
        return web;
    }

    public BareRepo CreateRepo(string name = "team/app", bool sharedGroup = false) =>
        BareRepo.Create(ReposRoot, name, _dir.Combine("work"), ConfigPath, sharedGroup: sharedGroup);

    public string CommitDir(string repo, string sha) => Path.Combine(State, "jobs", repo, sha);

    public string ReadFile(string repo, string sha, string name) => File.ReadAllText(Path.Combine(CommitDir(repo, sha), name));

    /// <summary>The file's text, or null while it does not exist (its link may already be there, dangling).</summary>
    public string? TryReadFile(string repo, string sha, string name)
    {
        try { return ReadFile(repo, sha, name); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    /// <summary>Whether the latest run wrote this file (the link in the commit folder exists from the start).</summary>
    public bool RunHasFile(string repo, string sha, string name) => TryReadFile(repo, sha, name) is not null;

    /// <summary>Waits until the commit's status file holds a final word, and returns it.</summary>
    public string WaitForFinalStatus(string repo, string sha, TimeSpan? timeout = null)
    {
        var status = Path.Combine(CommitDir(repo, sha), "status");
        return Wait.Until(() =>
        {
            var word = TryReadFile(repo, sha, "status")?.Trim() ?? "";
            return JobStateWords.TryParse(word, out var state) && state.IsFinal() ? word : null;
        }, $"a final status in {status}", timeout);
    }

    public IReadOnlyList<string> SpoolFiles(string folder) =>
        Directory.Exists(Path.Combine(Spool, folder)) ? Directory.GetFileSystemEntries(Path.Combine(Spool, folder)) : [];

    /// <summary>SIGTERM to each daemon still running, waiting for its clean exit; for tests whose daemons remove things on the way out.</summary>
    public void StopDaemonsGracefully()
    {
        foreach (var daemon in _daemons.Where(d => !d.HasExited)) daemon.Stop();
    }

    public void StopDaemons()
    {
        foreach (var daemon in _daemons) daemon.Dispose();
        _daemons.Clear();
    }

    public void Dispose()
    {
        foreach (var web in _webs) web.Dispose();
        _webs.Clear();
        StopDaemons();
        _dir.Dispose();
    }
}
