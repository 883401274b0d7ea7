using System.Text;
using Cion.Core.State;
using Cion.Web.Pages;

namespace Cion.Web.Live;

/// <summary>
/// Notices when a job is queued, starts or ends, for the pages that list jobs. One watcher for all
/// their streams, and it looks only while someone follows: once a second it stats each repo's
/// runs.index and the status file behind each branch link (a few stats per branch, never the history).
/// The list of repos, which walks the jobs tree, is refreshed every ten seconds.
/// </summary>
internal sealed class OverviewWatch(SiteState site, TimeProvider clock)
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RepoListAge = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private string _fingerprint = "";
    private DateTimeOffset _checkedAt, _reposAt;
    private IReadOnlyList<string> _repos = [];

    /// <summary>A short text that changes whenever a listed job is queued, starts or ends; computed at most once per <see cref="Poll"/>.</summary>
    public string Fingerprint()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _checkedAt < Poll) return _fingerprint;
            if (now - _reposAt >= RepoListAge)
            {
                _repos = site.Repos.Repos();
                _reposAt = now;
            }
            _fingerprint = Compute();
            _checkedAt = now;
            return _fingerprint;
        }
    }

    private string Compute()
    {
        var text = new StringBuilder();
        foreach (var repo in _repos)
        {
            var dir = site.Layout.RepoDir(repo);
            text.Append(repo).Append(' ').Append(Stamp(Path.Combine(dir, RunIndex.FileName))).Append('\n');
            foreach (var (_, runDir) in site.Repos.BranchLinks(repo))
                text.Append(runDir).Append(' ').Append(Stamp(Path.Combine(runDir, RunPaths.StatusName))).Append('\n');
        }
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static string Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{info.LastWriteTimeUtc.Ticks}:{info.Length}" : "-";
    }
}
