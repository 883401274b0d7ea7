using Cion.Core.Git;

namespace Cion.Core.LocalRuns;

/// <summary>
/// The user's working copy, read through the <c>git</c> program (the <c>cion</c> binary never loads libgit2):
/// where it starts, which commit and branch it is on, and a copy of its files for a run's <c>BUILD_DIR</c>.
/// Nothing here writes into the working copy.
/// </summary>
public sealed record WorkingCopy(string Root, string ObjectsDir, string? Head, string? Branch)
{
    /// <summary>Pure: the nearest folder from <paramref name="start"/> up that holds <c>.git</c> (a folder, or a worktree's file); null: none.</summary>
    public static string? FindRoot(string start, Func<string, bool> exists)
    {
        for (var dir = Path.GetFullPath(start); dir is not null; dir = Path.GetDirectoryName(dir))
            if (exists(Path.Combine(dir, ".git"))) return dir;
        return null;
    }

    /// <exception cref="LocalRunException">No working copy holds <paramref name="start"/>, or git cannot read it.</exception>
    public static WorkingCopy Open(string start)
    {
        var root = FindRoot(start, p => Directory.Exists(p) || File.Exists(p))
            ?? throw new LocalRunException($"not inside a git working copy: no .git in {Path.GetFullPath(start)} or any folder above it; run cion run in a clone of your repository");
        var objects = Git(root, "rev-parse", "--path-format=absolute", "--git-common-dir").Trim();
        var head = GitCommand.RunIn(root, "rev-parse", "--verify", "-q", "HEAD") is (0, var sha, _) ? sha.Trim() : null; // null: no commit yet
        var branch = GitCommand.RunIn(root, "symbolic-ref", "-q", "--short", "HEAD") is (0, var name, _) ? name.Trim() : null; // null: detached
        return new WorkingCopy(root, Path.Combine(objects, "objects"), head, branch);
    }

    /// <summary>
    /// Copies the working tree into <paramref name="dest"/> (which must not exist) as git sees it now: tracked files as they
    /// are on disk, uncommitted changes included, and untracked files that are not ignored; ignored files stay behind, as
    /// they would on the server. <c>.git</c> is a clone sharing this repository's objects (read, never written): its HEAD
    /// and index are the commit's, so <c>git status</c> in the build shows the uncommitted changes.
    /// </summary>
    public void CopyTo(string dest)
    {
        Git(Root, "clone", "-q", "--shared", "--no-checkout", Root, dest);
        var files = Git(Root, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        foreach (var path in files.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct())
            CopyEntry(Path.Combine(Root, path), Path.Combine(dest, path));
        if (Head is not null) Git(dest, "read-tree", "HEAD");
    }

    private static void CopyEntry(string from, string to)
    {
        var info = new FileInfo(from);
        if (!info.Exists && !Directory.Exists(from)) return; // deleted in the working tree, not yet in a commit
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        if (info.LinkTarget is { } target) File.CreateSymbolicLink(to, target);
        else if (Directory.Exists(from)) CopyFolder(from, to); // a submodule's checkout
        else File.Copy(from, to); // keeps the file's mode, so scripts stay executable
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
            if (Path.GetFileName(entry) != ".git") CopyEntry(entry, Path.Combine(to, Path.GetFileName(entry)));
    }

    private static string Git(string dir, params string[] args)
    {
        var (exit, stdout, stderr) = GitCommand.RunIn(dir, args);
        return exit == 0 ? stdout : throw new LocalRunException($"git {string.Join(' ', args)} failed in {dir}: {stderr.Trim()}");
    }
}
