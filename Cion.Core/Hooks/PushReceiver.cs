using Cion.Core.Config;
using Cion.Core.Git;
using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;

namespace Cion.Core.Hooks;

/// <summary>
/// The post-receive hook's work: turns git's <c>OLD NEW REF</c> lines into queued jobs and
/// tells the pusher about each. It runs inside every push, so it only parses text and
/// writes small files: no network, no daemon, no git library. Reading a commit message (for
/// <c>[skip ci]</c>) is left to the caller, who asks git.
/// </summary>
public sealed class PushReceiver(ServerConfig config, TimeProvider clock)
{
    /// <param name="repoPath">The bare repository git runs the hook in.</param>
    /// <param name="options">The push's <c>-o</c> options.</param>
    /// <param name="commitMessage">The message of a pushed sha, or null if it cannot be read.</param>
    /// <param name="say">Receives one line per message; git shows them to the pusher as <c>remote: …</c>.</param>
    /// <returns>The jobs queued; null when the repository is outside every <c>repos</c> root.</returns>
    public IReadOnlyList<Job>? Receive(string repoPath, string pushedBy, IEnumerable<string> lines, IReadOnlyList<string> options,
        Func<string, string?> commitMessage, Action<string> say)
    {
        // git runs the hook in the repo's physical path; a root configured through a symlink
        // (/srv/git -> /data/git) must still match it.
        var repo = RepoName.FromPath(repoPath, [.. config.Repos, .. config.Repos.Select(Posix.LibC.RealPath).OfType<string>()]);
        if (repo is null)
        {
            say($"cion: {repoPath} is not under any repos root in {config.SourceFile} ({string.Join(", ", config.Repos)}); no job queued");
            return null;
        }
        var updates = lines.Where(l => l.Trim().Length > 0).Select(RefUpdate.Parse).Where(u => !u.IsDeletion).ToList();
        if (SkipMarkers.InOptions(options) is { } skipOption)
        {
            say($"cion: skipped: the push carries -o {skipOption}; no job queued for {updates.Count} ref(s)");
            return [];
        }
        var spool = new SpoolLayout(config.Spool);
        // Normally the package (or a running daemon) made these; a push must not be lost if not.
        Directory.CreateDirectory(spool.Tmp);
        Directory.CreateDirectory(spool.New);
        var writer = new SpoolWriter(spool);
        var state = new StateLayout(config.State);
        var queued = new List<Job>();
        foreach (var update in updates)
        {
            var job = NewJob(repo, repoPath, update, pushedBy, options);
            if (SkipMarkers.InMessage(commitMessage(update.New)) is { } marker)
            {
                say($"cion: skipped {repo} {Describe(job)} {job.ShortSha}: its message says {marker}");
                continue;
            }
            writer.Write(job);
            queued.Add(job);
            var statusFile = Path.Combine(state.CommitDir(repo, job.New), RunPaths.StatusName);
            say($"cion: queued {repo} {Describe(job)} {job.ShortSha}: cat {statusFile}");
        }
        return queued;
    }

    private Job NewJob(string repo, string repoPath, RefUpdate update, string pushedBy, IReadOnlyList<string> options)
    {
        var now = clock.GetUtcNow();
        return new Job
        {
            Id = JobId.New(now, update.New), Repo = repo, RepoPath = repoPath, Ref = update.Ref,
            Old = update.Old, New = update.New, PushedBy = pushedBy, QueuedAt = now, PushOptions = options,
        };
    }

    public static string Describe(Job job) => job.Branch.Length > 0 ? job.Branch : job.Ref;
}
