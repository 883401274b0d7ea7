using Cion.Core.Config;
using Cion.Core.ConfigFiles;

namespace Cion.Web;

/// <summary>Loads the config and runs the web host until it is stopped; exit codes as the other binaries (2: bad config).</summary>
internal static class WebServer
{
    public const int BadConfig = 2;

    public static async Task<int> RunAsync(string? configOption, string? listenOption, CancellationToken ct)
    {
        var path = ServerConfigFile.ResolvePath(configOption, Environment.GetEnvironmentVariable);
        ServerConfig config;
        try
        {
            config = ServerConfigFile.Load(path);
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine($"cion-web: config error: {error}");
            return BadConfig;
        }
        if (listenOption is not null)
        {
            if (WebSettings.ListenError(listenOption) is { } problem)
            {
                Console.Error.WriteLine($"cion-web: --listen: {problem}");
                return BadConfig;
            }
            config = config with { WebListen = listenOption };
        }
        var app = WebApp.Build(config);
        await app.StartAsync(ct);
        // The tests and the demo wait for this line before they connect.
        Console.Out.WriteLine($"cion-web: listening on http://{config.WebListen}{config.WebBasePath}/ (state {config.State})");
        await app.WaitForShutdownAsync(ct);
        return 0;
    }
}
