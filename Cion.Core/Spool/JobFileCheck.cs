using Cion.Core.Git;
using Cion.Core.Jobs;
using Cion.Core.Posix;

namespace Cion.Core.Spool;

/// <summary>
/// Pure: whether a parsed job file is one the hook could have written for this server. A spool
/// file is input like any other: its repo must lie under a <c>repos</c> root and be named after
/// its path, because the daemon reads that repo and mounts its objects into a container.
/// </summary>
public static class JobFileCheck
{
    /// <param name="resolvedRepoPath">The repo path with symlinks resolved, or null when it does not exist.</param>
    /// <returns>What is wrong, or null when the job is acceptable.</returns>
    public static string? Problem(Job job, string? resolvedRepoPath, IReadOnlyList<string> roots)
    {
        if (!RefUpdate.IsSha(job.New)) return $"new is not a full hex sha: '{job.New}'";
        if (!job.Ref.StartsWith("refs/", StringComparison.Ordinal) || job.Ref.Contains("..") || job.Ref.Any(char.IsControl))
            return $"ref is not a ref name: '{job.Ref}'";
        if (resolvedRepoPath is null) return $"repo_path does not exist: {job.RepoPath}";
        var named = RepoName.FromPath(resolvedRepoPath, roots) ?? RepoName.FromPath(job.RepoPath, roots);
        if (named is null) return $"repo_path {job.RepoPath} is not under any repos root ({string.Join(", ", roots)})";
        return named == job.Repo ? null : $"repo is '{job.Repo}' but repo_path {job.RepoPath} is named '{named}'";
    }

    /// <summary>
    /// A spool file that its group or others may change is vouched for by nobody: the spool is
    /// setgid, so its group is every pusher's, and any of them could have rewritten it after its
    /// owner wrote it. cion writes its spool files 0644.
    /// </summary>
    public static string? TrustProblem(FileStatus file) =>
        (file.Permissions & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0 ? null
            : $"not trusted: others than its owner (uid {file.Uid}) may change it (mode {file.OctalPermissions}); cion writes spool files 0644";
}
