using Cion.Core.Config;

namespace Cion.Core.ConfigFiles;

/// <summary>
/// Finds and reads the server config: <c>--config FILE</c>, else <c>$CION_CONFIG</c>,
/// else <c>/etc/cion/cion.yml</c>. A missing or unreadable file is an error, not a
/// silent fall-back to defaults: a daemon on the wrong spool loses jobs quietly.
/// </summary>
public static class ServerConfigFile
{
    public static string ResolvePath(string? option, Func<string, string?> environment)
    {
        var chosen = !string.IsNullOrEmpty(option) ? option
            : environment(ServerConfig.PathVariable) is { Length: > 0 } fromEnv ? fromEnv
            : ServerConfig.DefaultPath;
        return Path.GetFullPath(chosen);
    }

    public static ServerConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new ConfigException([new ConfigError(path, 0, "", $"cannot read the config file: {reason}")]);
        }
        return ServerConfigParser.Parse(text, path);
    }
}
