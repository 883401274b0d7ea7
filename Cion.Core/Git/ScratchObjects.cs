using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>
/// Writes objects for a bare repository that may belong to someone else, without making a folder
/// in it. A throwaway bare repo borrows the real one's objects (<c>objects/info/alternates</c>),
/// so what is written in it sees the real history; <see cref="PackInto"/> then moves what was
/// written into the real repo as one pack in its <c>objects/pack/</c>, a folder git made.
/// <para>
/// Why not write loose objects there: each lands in <c>objects/XX/</c>, made on first use by
/// whoever writes first. Made by the daemon (as root, or 0755 as its own user in a repo that is
/// not shared by group), it refused the owner's next push whose objects fell in it:
/// "unable to migrate objects to permanent storage".
/// </para>
/// </summary>
public sealed class ScratchObjects : IDisposable
{
    private readonly DirectoryInfo _dir;

    public Repository Repository { get; }

    private ScratchObjects(DirectoryInfo dir, Repository repository) => (_dir, Repository) = (dir, repository);

    public static ScratchObjects Borrowing(string bareRepoPath)
    {
        var dir = Directory.CreateTempSubdirectory("cion-objects-");
        try
        {
            Repository.Init(dir.FullName, isBare: true);
            File.WriteAllText(Path.Combine(dir.FullName, "objects", "info", "alternates"), Path.Combine(bareRepoPath, "objects") + "\n");
            return new ScratchObjects(dir, GitAccess.Open(dir.FullName));
        }
        catch
        {
            dir.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Packs every object written here into the bare repo's <c>objects/pack/</c>; none when nothing was written.</summary>
    public void PackInto(string bareRepoPath)
    {
        var written = Written().ToList();
        if (written.Count == 0) return;
        var options = new PackBuilderOptions(Path.Combine(bareRepoPath, "objects", "pack")) { MaximumNumberOfThreads = 1 };
        Repository.ObjectDatabase.Pack(options, pack =>
        {
            foreach (var id in written) pack.Add(id);
        });
    }

    /// <summary>The loose objects of the scratch repo: exactly what was written in it, as alternates are only read.</summary>
    private IEnumerable<ObjectId> Written()
    {
        foreach (var fanout in Directory.EnumerateDirectories(Path.Combine(_dir.FullName, "objects")))
        {
            var prefix = Path.GetFileName(fanout);
            if (prefix.Length != 2) continue; // info, pack
            foreach (var file in Directory.EnumerateFiles(fanout))
                yield return new ObjectId(prefix + Path.GetFileName(file));
        }
    }

    public void Dispose()
    {
        Repository.Dispose();
        _dir.Delete(recursive: true);
    }
}
