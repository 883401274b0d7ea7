using System.Reflection;
using Cion.Web.Routing;

namespace Cion.Web.Assets;

/// <summary>
/// The page's stylesheets and script, compiled into the binary (nothing is fetched from anywhere,
/// nothing to install beside it). Only the names in the table exist; they are read once at start.
/// </summary>
internal static class AssetRoutes
{
    private static readonly Dictionary<string, string> Types = new()
    {
        ["site.css"] = "text/css; charset=utf-8",
        ["ansi.css"] = "text/css; charset=utf-8",
        ["live.js"] = "text/javascript; charset=utf-8",
        ["favicon.svg"] = "image/svg+xml",
    };

    public static void Map(IEndpointRouteBuilder routes)
    {
        var assets = Types.ToDictionary(t => t.Key, t => Read(t.Key));
        routes.MapMethods("/assets/{name}", ReadRoutes.Methods, (HttpContext http, string name) =>
        {
            if (!assets.TryGetValue(name, out var bytes)) return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Bytes(bytes, Types[name]);
        });
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"asset {name} is not embedded in cion-web");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
