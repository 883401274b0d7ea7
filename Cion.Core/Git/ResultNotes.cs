using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>
/// Writes each job's result as a git note on its commit under <c>refs/notes/cion</c> in the bare
/// repo, so <c>git fetch origin refs/notes/cion:refs/notes/cion &amp;&amp; git log --notes=cion</c>
/// shows results. Pushes never touch that ref; notes from this daemon are written one repo at a
/// time, and a failure caused by another writer (a held ref lock, a ref that moved) is retried.
/// The note's objects arrive in the bare repo as one pack (<see cref="ScratchObjects"/>), so the
/// daemon makes no <c>objects/XX/</c> folder that could refuse a push; it still needs write
/// access to <c>objects/pack/</c> and <c>refs/</c>: a repo shared by several users needs
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
        var notes = "refs/notes/" + Namespace;
        ObjectId target;
        ObjectId? before;
        using (var bare = GitAccess.Open(repoPath))
        {
            target = bare.Lookup(sha)?.Peel<Commit>()?.Id ?? throw new LibGit2SharpException($"{sha} is not in {repoPath}");
            before = TipOf(bare, notes);
        }

        // The note's objects go into the repo as a pack, never as loose objects (see ScratchObjects).
        using var scratch = ScratchObjects.Borrowing(repoPath);
        if (before is not null) scratch.Repository.Refs.Add(notes, before);
        var cion = new Signature("cion", "cion@localhost", clock.GetLocalNow());
        // Adding over an existing note replaces it: a commit's note shows its latest run.
        scratch.Repository.Notes.Add(target, text, cion, cion, Namespace);
        var after = TipOf(scratch.Repository, notes)!;
        scratch.PackInto(repoPath);

        RepoFolder.EnsureLikeParent(Path.Combine(repoPath, "refs", "notes"));
        using var updated = GitAccess.Open(repoPath);
        if (TipOf(updated, notes) != before) throw new LibGit2SharpException($"{notes} moved in {repoPath} while the note was written");
        updated.Refs.Add(notes, after, allowOverwrite: true);
    }

    private static ObjectId? TipOf(Repository repo, string refName) => repo.Refs[refName]?.ResolveToDirectReference()?.Target.Id;

    private static SemaphoreSlim LockFor(string repoPath)
    {
        lock (Locks)
        {
            if (!Locks.TryGetValue(repoPath, out var gate)) Locks[repoPath] = gate = new SemaphoreSlim(1, 1);
            return gate;
        }
    }
}
