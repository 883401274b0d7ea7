using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>
/// Opens repositories for the daemon. The bare repos belong to the git user and the daemon
/// runs as its own user, which libgit2 (like git's safe.directory) refuses by default. The
/// daemon only opens repos that a job file named and <see cref="Spool.JobFileCheck"/> placed
/// under a configured <c>repos</c> root, so the owner check adds nothing here.
/// Objects are not hashed again on every read either (git does not do that): receive-pack
/// checked them when they were pushed, and hashing every blob of a checkout made it slower.
/// </summary>
public static class GitAccess
{
    static GitAccess()
    {
        GlobalSettings.SetOwnerValidation(false);
        GlobalSettings.SetStrictHashVerification(false);
    }

    public static Repository Open(string path) => new(path);
}
