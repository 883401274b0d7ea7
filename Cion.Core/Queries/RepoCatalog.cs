using System.IO.Enumeration;
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
        var reader = new StateReader(layout);
        var heads = new List<(string, RunRecord)>();
        foreach (var (branch, runDir) in BranchLinks(repo))
            if (Directory.Exists(runDir) && reader.Read(new RunPaths(runDir)) is { } run)
                heads.Add((branch, run));
        return heads;
    }

    /// <summary>
    /// The links under <c>branches/</c>, sorted by branch name, with the run folder each names. Only real folders
    /// are entered (<c>feature/x</c> is a folder <c>feature</c> holding a link <c>x</c>): a link is never followed
    /// while listing, because a run folder holds whatever a build left in its artifacts, links to <c>/</c> included.
    /// </summary>
    public IReadOnlyList<(string Branch, string RunDir)> BranchLinks(string repo)
    {
        var branches = Path.Combine(layout.RepoDir(repo), StateLayout.BranchesDir);
        if (!Directory.Exists(branches)) return [];
        var links = new FileSystemEnumerable<(string Path, string? Target)>(branches,
            (ref FileSystemEntry e) => (e.ToFullPath(), null),
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => e.Attributes.HasFlag(FileAttributes.ReparsePoint),
            ShouldRecursePredicate = (ref FileSystemEntry e) => !e.Attributes.HasFlag(FileAttributes.ReparsePoint),
        };
        return [.. links.Select(l => (Branch: Path.GetRelativePath(branches, l.Path), Link: l.Path, Target: new FileInfo(l.Path).LinkTarget))
            .Where(l => l.Target is not null)
            .Select(l => (l.Branch, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(l.Link)!, l.Target!))))
            .OrderBy(l => l.Branch, StringComparer.Ordinal)];
    }

    private static bool IsRepo(string dir) =>
        File.Exists(Path.Combine(dir, RunIndex.FileName)) || Directory.Exists(Path.Combine(dir, StateLayout.BranchesDir)) ||
        new FileInfo(Path.Combine(dir, StateLayout.LatestLink)).LinkTarget is not null;

    /// <summary>
    /// Folders only, links never followed, and commit folders (named by a sha) told apart by name
    /// alone, without a stat each: a repo with 100,000 commits is one listing of names.
    /// </summary>
    private void Walk(string dir, List<string> found)
    {
        if (!Directory.Exists(dir)) return;
        if (dir != layout.Jobs && IsRepo(dir)) found.Add(Path.GetRelativePath(layout.Jobs, dir));
        var children = new FileSystemEnumerable<string>(dir, (ref FileSystemEntry e) => e.ToFullPath(),
            new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) =>
                !Git.RefUpdate.IsSha(e.FileName.ToString()) && e.IsDirectory && !e.Attributes.HasFlag(FileAttributes.ReparsePoint)
                && !e.FileName.SequenceEqual(StateLayout.BranchesDir),
        };
        foreach (var child in children.ToList()) Walk(child, found);
    }
}
