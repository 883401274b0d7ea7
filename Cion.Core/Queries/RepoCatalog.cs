using Cion.Core.State;

namespace Cion.Core.Queries;

/// <summary>
/// Which repos the state directory has runs for, and each branch's newest run, read from the
/// <c>branches/</c> links the daemon keeps: the overview reads a handful of links per repo, not its history.
/// </summary>
public sealed class RepoCatalog(StateLayout layout)
{
    /// <summary>Repo names (<c>team/app</c>), sorted. A folder of the jobs tree is a repo when it has runs.index, latest or branches/.</summary>
    public IReadOnlyList<string> Repos()
    {
        var found = new List<string>();
        Walk(layout.Jobs, found);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>Whether <paramref name="repo"/> names a repo with runs (a name that could climb out of the state directory does not).</summary>
    public bool Exists(string repo)
    {
        try { return IsRepo(layout.RepoDir(repo)); }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Each branch and its newest run, by branch name. Links whose run was removed are skipped.</summary>
    public IReadOnlyList<(string Branch, RunRecord Run)> BranchHeads(string repo)
    {
        var branches = Path.Combine(layout.RepoDir(repo), StateLayout.BranchesDir);
        if (!Directory.Exists(branches)) return [];
        var reader = new StateReader(layout);
        var heads = new List<(string, RunRecord)>();
        foreach (var link in Directory.EnumerateFileSystemEntries(branches, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            if (new FileInfo(link).LinkTarget is null) continue; // a folder of branch names with slashes
            var dir = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link)!, new FileInfo(link).LinkTarget!));
            if (Directory.Exists(dir) && reader.Read(new RunPaths(dir)) is { } run)
                heads.Add((Path.GetRelativePath(branches, link), run));
        }
        return [.. heads.OrderBy(h => h.Item1, StringComparer.Ordinal)];
    }

    private static bool IsRepo(string dir) =>
        File.Exists(Path.Combine(dir, RunIndex.FileName)) || Directory.Exists(Path.Combine(dir, StateLayout.BranchesDir)) ||
        new FileInfo(Path.Combine(dir, StateLayout.LatestLink)).LinkTarget is not null;

    private void Walk(string dir, List<string> found)
    {
        if (!Directory.Exists(dir)) return;
        if (dir != layout.Jobs && IsRepo(dir)) found.Add(Path.GetRelativePath(layout.Jobs, dir));
        foreach (var child in new DirectoryInfo(dir).EnumerateDirectories("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            if (child.Name != StateLayout.BranchesDir && !Git.RefUpdate.IsSha(child.Name))
                Walk(child.FullName, found);
    }
}
