using Cion.Core.Posix;

namespace Cion.Core.Git;

/// <summary>
/// A folder the daemon makes inside someone's bare repository, made as git would have made it
/// there: with its parent's mode (group-writable and setgid in a <c>--shared=group</c> repo), and,
/// when the daemon runs as root, its parent's owner and group. Otherwise a folder the daemon
/// made first (<c>refs/notes</c>) would be closed to the repo's owner: their <c>git gc</c>
/// could not prune a ref in it.
/// </summary>
public static class RepoFolder
{
    /// <exception cref="IOException">The folder cannot be made or given its owner.</exception>
    public static void EnsureLikeParent(string path)
    {
        if (Directory.Exists(path)) return;
        var parent = Path.GetDirectoryName(path)!;
        var model = FileStat.Of(parent) ?? throw new DirectoryNotFoundException($"{parent} does not exist");
        Directory.CreateDirectory(path);
        if (CurrentUser.IsRoot && LibC.Chown(path, model.Uid, model.Gid) != 0) throw LibC.Error($"chown of {path}");
        File.SetUnixFileMode(path, model.Permissions);
    }
}
