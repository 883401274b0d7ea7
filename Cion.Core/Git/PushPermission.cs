using Cion.Core.Posix;

namespace Cion.Core.Git;

/// <summary>
/// Pure: whether an account may push to a bare repository, judged from the folders' owners and
/// mode bits the way the kernel judges git's own writes. What a push writes (git 2.39, watched
/// with strace): a quarantine folder in <c>objects/</c>, whose objects then move into
/// <c>objects/XX/</c> or <c>objects/pack/</c>; <c>REF.lock</c> beside the ref, renamed over it (a
/// new <c>refs/heads/a/b</c> also makes <c>refs/heads/a/</c>); and <c>HEAD.lock</c> in the
/// repository folder whenever the pushed branch is the one HEAD names.
/// <para>
/// So the account must search (x) every folder from <c>/</c> down to the repository, and write
/// and search (wx) the repository folder, <c>objects/</c> and the deepest folder that exists on
/// the ref's path. The repository folder is asked for whatever the ref: who may not update the
/// default branch is not counted as a writer of the repository. Root may write anything.
/// </para>
/// Not counted: POSIX ACLs and read-only mounts; <c>objects/XX/</c> folders someone else made
/// (<c>--shared</c> repos make them group-writable); git's <c>safe.directory</c>, which protects
/// the pusher from a repository and is the pusher's to set, not a permission the repository gives.
/// </summary>
public static class PushPermission
{
    private const uint Search = 1, WriteAndSearch = 3;

    /// <summary>The folders whose status <see cref="Refusal"/> needs (those that exist); the repo path has its symlinks resolved.</summary>
    public static IReadOnlyList<string> PathsToLook(string repoPath, string refName) =>
        [.. Ancestors(repoPath), repoPath, Objects(repoPath), .. RefFolders(repoPath, refName)];

    /// <param name="found">The status of each path of <see cref="PathsToLook"/> that exists.</param>
    /// <returns>Why the account may not push to the ref, or null when it may.</returns>
    public static string? Refusal(Account who, string repoPath, string refName, IReadOnlyDictionary<string, FileStatus> found)
    {
        if (who.IsRoot) return null;
        foreach (var (path, need) in Needs(repoPath, refName, found))
        {
            if (!found.TryGetValue(path, out var folder)) return $"{path} does not exist";
            if (!folder.IsDirectory) return $"{path} is not a folder";
            if (!Allows(who, folder, need)) return $"{who} may not {(need == Search ? "enter" : "write in")} {path} ({folder})";
        }
        return null;
    }

    private static IEnumerable<(string Path, uint Need)> Needs(string repoPath, string refName, IReadOnlyDictionary<string, FileStatus> found)
    {
        foreach (var ancestor in Ancestors(repoPath)) yield return (ancestor, Search);
        yield return (repoPath, WriteAndSearch);
        yield return (Objects(repoPath), WriteAndSearch);
        // git creates the ref's missing folders inside the deepest one that exists: that one is written.
        var existing = RefFolders(repoPath, refName).TakeWhile(p => found.TryGetValue(p, out var s) && s.IsDirectory).ToList();
        for (var i = 0; i < existing.Count; i++) yield return (existing[i], i == existing.Count - 1 ? WriteAndSearch : Search);
    }

    /// <summary>One class of bits applies, as in the kernel: the owner's to the owner, else the group's to a member, else the others'.</summary>
    private static bool Allows(Account who, FileStatus folder, uint need)
    {
        var shift = folder.Uid == who.Uid ? 6 : who.Groups.Contains(folder.Gid) ? 3 : 0;
        return ((folder.Mode >> shift) & need) == need;
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        var ancestors = new List<string>();
        for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir)) ancestors.Add(dir);
        ancestors.Reverse();
        return ancestors;
    }

    private static string Objects(string repoPath) => Path.Combine(repoPath, "objects");

    /// <summary><c>refs</c>, <c>refs/heads</c>, … : the folders the ref's file lies in, outermost first.</summary>
    private static IEnumerable<string> RefFolders(string repoPath, string refName)
    {
        var parts = refName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var depth = 1; depth < parts.Length; depth++) yield return Path.Combine([repoPath, .. parts[..depth]]);
    }
}
