using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>
/// Reads one file of a commit straight from a bare repository's objects, without a checkout:
/// what a deploy needs of an earlier commit (its <c>.cion.yml</c>).
/// </summary>
public static class CommitBlob
{
    /// <returns>The file's bytes (null when the commit has no such file) and who wrote the commit.</returns>
    /// <exception cref="CheckoutException">The repository or the commit cannot be read.</exception>
    public static (byte[]? Content, CommitInfo Commit) Read(string bareRepoPath, string sha, string path)
    {
        try
        {
            using var repo = GitAccess.Open(bareRepoPath);
            var commit = repo.Lookup(sha)?.Peel<Commit>() ?? throw new CheckoutException($"commit {sha} is not in {bareRepoPath}");
            var info = new CommitInfo(commit.Author.Name, commit.Author.Email, commit.Author.When, commit.MessageShort);
            if (commit[path]?.Target is not Blob blob) return (null, info);
            using var stream = blob.GetContentStream();
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            return (bytes.ToArray(), info);
        }
        catch (LibGit2SharpException e)
        {
            throw new CheckoutException($"cannot read {path} of {sha} in {bareRepoPath}: {e.Message}", e);
        }
    }
}
