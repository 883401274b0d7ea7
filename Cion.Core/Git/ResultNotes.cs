using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>
/// Writes each job's result as a git note on its commit under <c>refs/notes/cion</c> in the bare
/// repo, so <c>git fetch origin refs/notes/cion:refs/notes/cion &amp;&amp; git log --notes=cion</c>
/// shows results. Pushes never touch that ref; notes from this daemon are written one repo at a
/// time, and a failure caused by another writer (a held ref lock, a ref that moved) is retried.
/// The note's objects are written into the bare repo as the daemon's user, in folders made as git
/// would make them there (<see cref="RepoFolder"/>), so none can refuse the owner's push; the daemon
/// needs write access to <c>objects/</c> and <c>refs/</c>: a repo shared by several users needs
/// <c>core.sharedRepository=group</c> and the daemon in that group.
/// </summary>
public sealed class ResultNotes(TimeProvider clock)
{
    public const string Namespace = "cion";
    private static readonly Dictionary<string, SemaphoreSlim> Locks = [];

    public async Task WriteAsync(string repoPath, string sha, string text, CancellationToken ct = default)
    {
        var gate = LockFor(repoPath);
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Write(repoPath, sha, text);
                    return;
                }
                catch (LibGit2SharpException) when (attempt < 10)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), clock, ct);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private void Write(string repoPath, string sha, string text)
    {
        // libgit2 would make a missing objects/XX or refs/notes as this daemon's user (see RepoFolder).
        RepoFolder.EnsureObjectFolders(repoPath);
        RepoFolder.EnsureLikeParent(Path.Combine(repoPath, "refs", "notes"));
        using var repo = GitAccess.Open(repoPath);
        var target = repo.Lookup(sha)?.Peel<Commit>() ?? throw new LibGit2SharpException($"{sha} is not in {repoPath}");
        var cion = new Signature("cion", "cion@localhost", clock.GetLocalNow());
        // Adding over an existing note replaces it: a commit's note shows its latest run.
        repo.Notes.Add(target.Id, text, cion, cion, Namespace);
    }

    private static SemaphoreSlim LockFor(string repoPath)
    {
        lock (Locks)
        {
            if (!Locks.TryGetValue(repoPath, out var gate)) Locks[repoPath] = gate = new SemaphoreSlim(1, 1);
            return gate;
        }
    }
}
