namespace Cion.Web.Live;

/// <summary>
/// When an event stream ends: when its client goes away, or when cion-web is stopping. Kestrel
/// waits for open requests on shutdown, and an event stream never finishes by itself, so without
/// the second a <c>systemctl stop</c> would wait for every browser to hang up (about 30 s, then a kill).
/// </summary>
internal static class Streams
{
    public static CancellationToken Until(HttpContext http, CancellationToken stopping)
    {
        var both = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        http.Response.RegisterForDispose(both);
        return both.Token;
    }
}
