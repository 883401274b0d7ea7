using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>Reads one file of a commit straight from a bare repository's objects: no checkout, nothing written.</summary>
public static class CommittedFile
{
    /// <returns>The file's bytes, or null when the commit has no such file (or it is larger than <paramref name="limit"/>).</returns>
    /// <exception cref="CheckoutException">The repository or the commit cannot be read.</exception>
    public static byte[]? Read(string bareRepoPath, string sha, string path, long limit)
    {
        try
        {
            using var repo = GitAccess.Open(bareRepoPath);
            var commit = repo.Lookup(sha)?.Peel<Commit>() ?? throw new CheckoutException($"commit {sha} is not in {bareRepoPath}");
            if (commit[path]?.Target is not Blob blob || blob.Size > limit) return null;
            using var content = blob.GetContentStream();
            using var bytes = new MemoryStream();
            content.CopyTo(bytes);
            return bytes.ToArray();
        }
        catch (LibGit2SharpException e)
        {
            throw new CheckoutException($"cannot read {path} of {sha} in {bareRepoPath}: {e.Message}", e);
        }
    }
}
