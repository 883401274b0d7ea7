using Cion.Core.Config;

namespace Cion.Core.ConfigFiles;

/// <summary>Reads a commit's <c>.cion.yml</c> from its checkout and hands the text to <see cref="ConfigParser"/>.</summary>
public static class RepoConfigFile
{
    /// <exception cref="ConfigException">Missing, too large, not UTF-8, or not a valid config.</exception>
    public static CionConfig Read(string workDir)
    {
        var path = Path.Combine(workDir, CionConfig.FileName);
        if (!File.Exists(path))
            throw new ConfigException([new ConfigError(CionConfig.FileName, 0, "", "not found in the commit: add one to tell cion what to build")]);
        return ConfigParser.Parse(ReadText(path, CionConfig.FileName));
    }

    /// <summary>The file's text, size-checked before it is read whole.</summary>
    public static string ReadText(string path, string shownAs)
    {
        if (ConfigText.TooLarge(new FileInfo(path).Length, shownAs) is { } tooLarge) throw tooLarge;
        return ConfigText.Decode(File.ReadAllBytes(path), shownAs);
    }
}
