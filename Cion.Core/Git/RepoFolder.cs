using Cion.Core.Posix;

namespace Cion.Core.Git;

/// <summary>
/// Folders the daemon makes inside someone's bare repository, made as git would have made them there: with the
/// parent folder's mode (group-writable and setgid in a <c>--shared=group</c> repo), and, when the daemon runs as
/// root, the parent's owner and group. A folder the daemon made otherwise (an <c>objects/XX/</c>, as root or
/// 0755) refuses the owner's next push whose objects fall in it: "unable to migrate objects to permanent storage".
/// </summary>
public static class RepoFolder
{
    /// <summary>
    /// Makes the folder if it is missing, never showing it with any other owner or mode: it is made under a
    /// temporary name beside it and renamed into place. One that appeared meanwhile is kept.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be made or given its owner.</exception>
    public static void EnsureLikeParent(string path)
    {
        if (Directory.Exists(path)) return;
        var parent = Path.GetDirectoryName(path)!;
        MakeLike(path, parent, StatusOf(parent));
    }

    /// <summary>
    /// Makes every <c>objects/XX/</c> folder of the repo that is missing, like <c>objects/</c>, so that libgit2, writing
    /// the daemon's objects there, never makes one itself. Which folders its objects need is known only once they are
    /// written; all 256 exist in any repo with a few hundred loose objects, and git prunes empty ones at its next gc.
    /// </summary>
    public static void EnsureObjectFolders(string repoPath)
    {
        var objects = Path.Combine(repoPath, "objects");
        var present = Directory.EnumerateDirectories(objects).Select(Path.GetFileName).Where(n => n!.Length == 2).ToHashSet();
        if (present.Count == 256) return;
        var model = StatusOf(objects);
        for (var i = 0; i < 256; i++)
        {
            var name = i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
            if (!present.Contains(name)) MakeLike(Path.Combine(objects, name), objects, model);
        }
    }

    private static FileStatus StatusOf(string folder) => FileStat.Of(folder) ?? throw new DirectoryNotFoundException($"{folder} does not exist");

    private static void MakeLike(string path, string parent, FileStatus model)
    {
        var temporary = Path.Combine(parent, $"cion-tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            GiveLike(temporary, model);
            // rename(2) puts it in place whole; over a folder someone made meanwhile it fails (or replaces an empty one).
            if (LibC.Rename(temporary, path) != 0 && !Directory.Exists(path)) throw LibC.Error($"rename of {temporary} to {path}");
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary);
        }
    }

    private static void GiveLike(string path, FileStatus model)
    {
        if (CurrentUser.IsRoot && LibC.Chown(path, model.Uid, model.Gid) != 0) throw LibC.Error($"chown of {path}");
        // Only the read, write and search bits: a folder made in a setgid one (a shared repo's) is setgid already, and
        // chmod may not name that bit under the unit's RestrictSUIDSGID=yes (EPERM) nor leave it out (that clears it).
        const UnixFileMode special = UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit;
        var current = File.GetUnixFileMode(path);
        var wanted = (current & special) | (model.Permissions & ~special);
        if (wanted != current) File.SetUnixFileMode(path, wanted);
    }
}
