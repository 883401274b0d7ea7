using System.Text;

namespace Cion.Web.Live;

/// <summary>
/// Writes Server-Sent Events (text/event-stream) to a response. Written here rather than with
/// System.Net.ServerSentEvents because cion needs the keep-alive comment, which that formatter
/// has no way to write, and the frame is four lines of the HTML spec.
/// </summary>
internal sealed class SseWriter(HttpResponse response)
{
    /// <summary>A proxy or a NAT drops a quiet connection; a comment every 15 s keeps it open and lets the server notice a gone client.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Prepare(HttpResponse response)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // nginx buffers responses by default, which would hold events back until the buffer fills.
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>One event; a multi-line <paramref name="data"/> becomes several <c>data:</c> lines, which the browser joins with newlines.</summary>
    public async Task EventAsync(string name, string data, string? id, CancellationToken ct)
    {
        var frame = new StringBuilder();
        frame.Append("event: ").Append(name).Append('\n');
        if (id is not null) frame.Append("id: ").Append(id).Append('\n');
        foreach (var line in data.Split('\n')) frame.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        frame.Append('\n');
        await response.WriteAsync(frame.ToString(), ct);
        await response.Body.FlushAsync(ct);
    }

    public async Task CommentAsync(string text, CancellationToken ct)
    {
        await response.WriteAsync($": {text}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>How long the browser waits before it reconnects after a dropped connection.</summary>
    public Task RetryAsync(TimeSpan after, CancellationToken ct) =>
        response.WriteAsync($"retry: {(int)after.TotalMilliseconds}\n\n", ct);
}
