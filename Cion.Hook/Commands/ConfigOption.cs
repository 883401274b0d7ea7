using System.CommandLine;
using Cion.Core.Config;
using Cion.Core.ConfigFiles;

namespace Cion.Hook.Commands;

/// <summary>The <c>--config FILE</c> option every command shares, and how a command turns it into a loaded config.</summary>
internal static class ConfigOption
{
    public static readonly Option<string?> Instance = new("--config")
    {
        Description = $"Server config file (default: ${ServerConfig.PathVariable}, else {ServerConfig.DefaultPath})",
        Recursive = true,
    };

    /// <summary>Loads the config, or prints every problem to stderr and returns null.</summary>
    public static ServerConfig? Load(ParseResult parsed) => Load(Path(parsed));

    public static string Path(ParseResult parsed) => ServerConfigFile.ResolvePath(parsed.GetValue(Instance), Environment.GetEnvironmentVariable);

    public static ServerConfig? Load(string path)
    {
        try
        {
            return ServerConfigFile.Load(path);
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine($"cion: config error: {error}");
            return null;
        }
    }
}
