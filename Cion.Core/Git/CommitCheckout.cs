using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>
/// Checks one commit out of a bare repository into a fresh work dir, like
/// <c>git clone --shared</c>: the work dir's <c>.git</c> borrows the bare repo's objects
/// through <c>objects/info/alternates</c>, so nothing is copied and nothing is written
/// into the bare repo; several jobs of one repo can check out at the same time.
/// The branch is created locally and checked out, and tags are copied as refs, so
/// <c>git log</c>, <c>git describe</c> and <c>git rev-parse --abbrev-ref HEAD</c> work inside the build.
/// </summary>
public static class CommitCheckout
{
    /// <summary>The default branch of a bare repository (what its HEAD points at), e.g. <c>main</c>.</summary>
    public static string DefaultBranch(string bareRepoPath)
    {
        using var repo = GitAccess.Open(bareRepoPath);
        var head = repo.Refs.Head?.TargetIdentifier ?? "";
        return head.StartsWith("refs/heads/", StringComparison.Ordinal) ? head["refs/heads/".Length..] : head;
    }

    /// <returns>Who wrote the commit and its message, for the run's <c>commit</c> file.</returns>
    /// <exception cref="CheckoutException">The repository or the commit cannot be read.</exception>
    public static CommitInfo CheckOut(string bareRepoPath, string sha, string branch, string workDir)
    {
        try
        {
            Directory.CreateDirectory(workDir);
            Repository.Init(workDir);
            var objects = Path.Combine(bareRepoPath, "objects");
            File.WriteAllText(Path.Combine(workDir, ".git", "objects", "info", "alternates"), objects + "\n");
            using var work = GitAccess.Open(workDir);
            // An annotated tag's push names the tag object: build the commit it points at.
            var pushed = work.Lookup(sha) ?? throw new CheckoutException($"commit {sha} is not in {bareRepoPath}");
            var commit = pushed.Peel<Commit>();
            CopyTags(bareRepoPath, work);
            var local = string.IsNullOrEmpty(branch) ? null : work.Branches.Add(branch, commit, allowOverwrite: true);
            var options = new CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force };
            if (local is null) Commands.Checkout(work, commit, options);
            else Commands.Checkout(work, local, options);
            return new CommitInfo(commit.Author.Name, commit.Author.Email, commit.Author.When, commit.MessageShort);
        }
        catch (LibGit2SharpException e)
        {
            throw new CheckoutException($"cannot check out {sha} from {bareRepoPath}: {e.Message}", e);
        }
    }

    private static void CopyTags(string bareRepoPath, Repository work)
    {
        using var bare = GitAccess.Open(bareRepoPath);
        foreach (var tag in bare.Refs.FromGlob("refs/tags/*"))
            if (tag.ResolveToDirectReference() is { } direct)
                work.Refs.Add(tag.CanonicalName, direct.Target.Id, allowOverwrite: true);
    }
}
