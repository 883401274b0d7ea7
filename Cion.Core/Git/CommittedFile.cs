using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>
/// Reads one file of a commit straight from a bare repository's objects: no checkout, nothing written.
/// For what needs an earlier commit's <c>.cion.yml</c> (a deploy) or runs after the checkout is gone (notifications).
/// </summary>
public static class CommittedFile
{
    /// <returns>
    /// The file's bytes (null when the commit has no such file, or it is larger than <paramref name="limit"/>)
    /// and who wrote the commit.
    /// </returns>
    /// <exception cref="CheckoutException">The repository or the commit cannot be read.</exception>
    public static (byte[]? Content, CommitInfo Commit) Read(string bareRepoPath, string sha, string path, long limit)
    {
        try
        {
            using var repo = GitAccess.Open(bareRepoPath);
            var commit = repo.Lookup(sha)?.Peel<Commit>() ?? throw new CheckoutException($"commit {sha} is not in {bareRepoPath}");
            var info = new CommitInfo(commit.Author.Name, commit.Author.Email, commit.Author.When, commit.MessageShort);
            if (commit[path]?.Target is not Blob blob || blob.Size > limit) return (null, info);
            using var content = blob.GetContentStream();
            using var bytes = new MemoryStream();
            content.CopyTo(bytes);
            return (bytes.ToArray(), info);
        }
        catch (LibGit2SharpException e)
        {
            throw new CheckoutException($"cannot read {path} of {sha} in {bareRepoPath}: {e.Message}", e);
        }
    }
}
