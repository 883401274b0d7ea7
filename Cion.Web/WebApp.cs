using Cion.Core.Config;
using Cion.Web.Api;
using Cion.Web.Assets;
using Cion.Web.Live;
using Cion.Web.Pages;
using Cion.Web.Routing;
using Cion.Web.Security;
using Microsoft.AspNetCore.HttpOverrides;

namespace Cion.Web;

/// <summary>Builds the web host: Kestrel on the configured address, the read-only guard, the base path, then the routes.</summary>
internal static class WebApp
{
    public static WebApplication Build(ServerConfig config)
    {
        // cion-web reads no appsettings.json: its settings are cion.yml's. Without these two the host
        // would watch its content root, the working directory (/ under systemd), for config changes.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        // Type=notify under systemd: READY=1 once Kestrel listens; a no-op elsewhere.
        builder.Host.UseSystemd();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(WebSettings.ParseListen(config.WebListen));
            kestrel.AddServerHeader = false;
            // Bounds on what a flood of clients can hold: connections, and slow or huge requests.
            kestrel.Limits.MaxConcurrentConnections = 2000;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestBodySize = 0;
        });
        var app = builder.Build();
        var site = new SiteState(config);
        var watch = new OverviewWatch(site, TimeProvider.System);

        app.UseReadOnlyGuard();
        // Behind a reverse proxy under a sub-path: X-Forwarded-Prefix from a proxy on loopback (the default trust), or web.base_path.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedPrefix });
        if (config.WebBasePath.Length > 0) app.UsePathBase(config.WebBasePath);
        app.UseRouting();

        AssetRoutes.Map(app);
        ApiRoutes.Map(app, site);
        BadgeRoute.Map(app, site);
        MetricsRoute.Map(app, site, TimeProvider.System);
        var stopping = app.Lifetime.ApplicationStopping;
        app.MapMethods("/events", ReadRoutes.Methods, (HttpContext http) => OverviewEvents.StreamAsync(http, watch, Streams.Until(http, stopping)));
        PageRoutes.Map(app, site, TimeProvider.System, stopping);
        return app;
    }
}
