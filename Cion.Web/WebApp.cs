using Cion.Core.Config;

namespace Cion.Web;

/// <summary>Builds the web host: Kestrel on the configured address, the read-only guards, then the routes.</summary>
internal static class WebApp
{
    public static WebApplication Build(ServerConfig config)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Type=notify under systemd: READY=1 once Kestrel listens; a no-op elsewhere.
        builder.Host.UseSystemd();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(WebSettings.ParseListen(config.WebListen)));
        var app = builder.Build();
        return app;
    }
}
