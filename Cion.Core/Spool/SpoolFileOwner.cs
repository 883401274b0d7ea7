using Cion.Core.Git;
using Cion.Core.Posix;

namespace Cion.Core.Spool;

/// <summary>
/// Adapter: a spool file (a job, a retry, a cancel request) is honoured only when its owner may
/// push to the repository it acts on, as <see cref="PushPermission"/> judges from the folders'
/// status. The owner is the file's uid: the spool is setgid, so a file's group is the spool's and
/// says nothing, and a file moved in from elsewhere keeps its owner. The owner's groups are those
/// the account database gives it now; those of the process that wrote the file are gone.
/// </summary>
public static class SpoolFileOwner
{
    /// <param name="repoPath">The repository, symlinks resolved.</param>
    /// <returns>Why the file is not honoured, or null when it is.</returns>
    /// <exception cref="IOException">The account database could not be read: try again later.</exception>
    public static string? Refusal(FileStatus file, string repo, string repoPath, string refName)
    {
        if (JobFileCheck.TrustProblem(file) is { } untrusted) return untrusted;
        var owner = UserAccounts.Find(file.Uid);
        var found = new Dictionary<string, FileStatus>();
        foreach (var path in PushPermission.PathsToLook(repoPath, refName))
        {
            try
            {
                if (FileStat.Of(path) is { } status) found[path] = status;
            }
            catch (IOException e)
            {
                return $"not allowed to write {repo}: cannot check {path}: {e.Message}";
            }
        }
        return PushPermission.Refusal(owner, repoPath, refName, found) is { } why ? $"not allowed to write {repo}: {why}" : null;
    }
}
