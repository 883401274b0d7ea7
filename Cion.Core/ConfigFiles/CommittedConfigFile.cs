using Cion.Core.Config;
using Cion.Core.Git;

namespace Cion.Core.ConfigFiles;

/// <summary>
/// Reads a commit's <c>.cion.yml</c> from the bare repository itself, for what runs after the job's
/// checkout is gone (its notifications), and hands the text to <see cref="ConfigParser"/>.
/// </summary>
public static class CommittedConfigFile
{
    /// <exception cref="ConfigException">Missing, too large, not UTF-8, or not a valid config.</exception>
    /// <exception cref="CheckoutException">The repository or the commit cannot be read.</exception>
    public static CionConfig Read(string bareRepoPath, string sha)
    {
        var bytes = CommittedFile.Read(bareRepoPath, sha, CionConfig.FileName, YamlTree.MaxLength)
            ?? throw new ConfigException([new ConfigError(CionConfig.FileName, 0, "", "not found in the commit, or larger than cion reads")]);
        return ConfigParser.Parse(ConfigText.Decode(bytes, CionConfig.FileName));
    }
}
