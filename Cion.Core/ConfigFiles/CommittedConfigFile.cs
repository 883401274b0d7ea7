using Cion.Core.Config;
using Cion.Core.Git;

namespace Cion.Core.ConfigFiles;

/// <summary>
/// Reads a commit's <c>.cion.yml</c> from the bare repository itself (no checkout) and hands the text to
/// <see cref="ConfigParser"/>: for a deploy of an earlier commit, and for notifications, which run after the
/// job's checkout is gone.
/// </summary>
public static class CommittedConfigFile
{
    /// <exception cref="ConfigException">Missing, too large, not UTF-8, or not a valid config.</exception>
    /// <exception cref="CheckoutException">The repository or the commit cannot be read.</exception>
    public static (CionConfig Config, CommitInfo Commit) Read(string bareRepoPath, string sha)
    {
        var shownAs = $"{CionConfig.FileName} at {sha[..Math.Min(7, sha.Length)]}";
        var (bytes, commit) = CommittedFile.Read(bareRepoPath, sha, CionConfig.FileName, YamlTree.MaxLength);
        if (bytes is null)
            throw new ConfigException([new ConfigError(shownAs, 0, "", "not found in the commit, or larger than cion reads")]);
        return (ConfigParser.Parse(ConfigText.Decode(bytes, shownAs)), commit);
    }
}
