using Cion.Core.Config;
using Cion.Core.Git;

namespace Cion.Core.ConfigFiles;

/// <summary>Reads an earlier commit's <c>.cion.yml</c> from the repository's objects (no checkout), for a deploy.</summary>
public static class CommitConfigFile
{
    /// <exception cref="ConfigException">Missing, too large, not UTF-8, or not a valid config.</exception>
    /// <exception cref="CheckoutException">The commit cannot be read.</exception>
    public static (CionConfig Config, CommitInfo Commit) Read(string bareRepoPath, string sha)
    {
        var shownAs = $"{CionConfig.FileName} at {sha[..Math.Min(7, sha.Length)]}";
        var (bytes, commit) = CommitBlob.Read(bareRepoPath, sha, CionConfig.FileName);
        if (bytes is null)
            throw new ConfigException([new ConfigError(shownAs, 0, "", "not found in the commit: it has nothing to deploy with")]);
        return (ConfigParser.Parse(ConfigText.Decode(bytes, shownAs)), commit);
    }
}
