namespace Cion.Web.Live;

/// <summary>
/// The overview's and repo pages' event stream: a <c>changed</c> event whenever a job is queued,
/// starts or ends (the page then fetches itself again), and a keep-alive comment every 15 s.
/// </summary>
internal static class OverviewEvents
{
    public static async Task StreamAsync(HttpContext http, OverviewWatch watch, CancellationToken ct)
    {
        using var slot = JobEvents.Limit.TryEnter();
        if (slot is null)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return;
        }
        SseWriter.Prepare(http.Response);
        if (HttpMethods.IsHead(http.Request.Method)) return;
        var sse = new SseWriter(http.Response);
        try
        {
            await sse.RetryAsync(TimeSpan.FromSeconds(2), ct);
            var seen = watch.Fingerprint();
            // The id lets a reconnecting page learn that it missed a change while it was away.
            if (http.Request.Headers["Last-Event-ID"].FirstOrDefault() is { } last && last != seen)
                await sse.EventAsync("changed", seen, seen, ct);
            var quiet = TimeSpan.Zero;
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(OverviewWatch.Poll, ct);
                var now = watch.Fingerprint();
                if (now != seen)
                {
                    await sse.EventAsync("changed", now, now, ct);
                    seen = now;
                    quiet = TimeSpan.Zero;
                }
                else if ((quiet += OverviewWatch.Poll) >= SseWriter.KeepAlive)
                {
                    await sse.CommentAsync("keep-alive", ct);
                    quiet = TimeSpan.Zero;
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
    }
}
