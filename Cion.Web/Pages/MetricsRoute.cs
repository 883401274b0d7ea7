using Cion.Core.Metrics;
using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>
/// <c>/metrics</c>: ciond's Prometheus metrics, the file it keeps in the state directory, served as
/// it is (cion-web only reads it). A file that is missing, or older than ciond's refresh allows, is a
/// 503 with the reason on one line: a scrape then fails, and Prometheus's <c>up</c> says the daemon is down,
/// rather than a stopped daemon's last numbers passing for live ones.
/// </summary>
internal static class MetricsRoute
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Four of ciond's refreshes missed: the daemon is not running (or cannot write its state).</summary>
    public static readonly TimeSpan StaleAfter = 4 * MetricsTextFile.RefreshInterval;

    public static void Map(IEndpointRouteBuilder routes, SiteState site, TimeProvider clock) =>
        routes.MapMethods("/metrics", ReadRoutes.Methods, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            var path = site.Layout.Metrics;
            byte[] bytes;
            DateTime written;
            try
            {
                written = File.GetLastWriteTimeUtc(path);
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return Unavailable("no metrics yet: ciond writes metrics.prom in the state directory once it runs");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Unavailable($"cannot read metrics.prom in the state directory: {e.GetType().Name}");
            }
            var age = clock.GetUtcNow().UtcDateTime - written;
            return age > StaleAfter
                ? Unavailable($"stale metrics: ciond last wrote metrics.prom {age.TotalSeconds:0} s ago, and it refreshes them every {MetricsTextFile.RefreshInterval.TotalSeconds:0} s; is ciond running?")
                : Results.Bytes(bytes, ContentType);
        });

    private static IResult Unavailable(string why) => Results.Text(why + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
}
