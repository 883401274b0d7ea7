using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Web.Pages;
using Cion.Web.Rendering;

namespace Cion.Web.Live;

/// <summary>
/// A running job's event stream: new log lines (rendered, one event per log: <c>log-build</c>,
/// <c>log-release</c>, <c>log-cion</c>), <c>status</c> when it changes, and <c>end</c> once the
/// status is final and every log is read to its end. Each event's id is the position in every log
/// after it (<see cref="LogCursor"/>), so a browser that reconnects sends it back as Last-Event-ID
/// and continues exactly there: no line lost, none repeated. Reads only the run's files.
/// </summary>
internal static class JobEvents
{
    /// <summary>How often the files are looked at: a stat of each log and a read of the status file, a few hundred bytes.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static LiveLimit Limit { get; set; } = new(1000);

    public static async Task StreamAsync(HttpContext http, RunRecord run, CancellationToken ct)
    {
        using var slot = Limit.TryEnter();
        if (slot is null)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return;
        }
        var positions = StartPositions(http);
        SseWriter.Prepare(http.Response);
        if (HttpMethods.IsHead(http.Request.Method)) return;
        var sse = new SseWriter(http.Response);
        await sse.RetryAsync(TimeSpan.FromSeconds(1), ct);
        string? lastStatus = null;
        var quietSince = DateTime.UtcNow;
        var seen = new FileStamps();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Status first, then the logs: whatever a final status promises is already in the files.
                // Each file is stat'ed, and opened only when it changed: most polls of most followers open nothing.
                var state = seen.Changed(run.Paths.Status) || lastStatus is null ? FileStateStore.ReadStatus(run.Paths) : StateOf(lastStatus);
                var final = state is { } s && s.IsFinal();
                var sent = false;
                foreach (var (name, pathOf) in JobPage.Logs)
                {
                    if (!seen.Changed(pathOf(run.Paths)) && !final) continue;
                    while (LogTail.Read(pathOf(run.Paths), positions.GetValueOrDefault(name), final) is { } chunk)
                    {
                        positions[name] = chunk.Next;
                        await sse.EventAsync("log-" + name, chunk.Html, Cursor(positions), ct);
                        sent = true;
                    }
                }
                var word = state?.ToWord() ?? "unknown";
                if (word != lastStatus)
                {
                    await sse.EventAsync("status", word, Cursor(positions), ct);
                    lastStatus = word;
                    sent = true;
                }
                if (final)
                {
                    await sse.EventAsync("end", word, Cursor(positions), ct);
                    return;
                }
                if (sent) quietSince = DateTime.UtcNow;
                else if (DateTime.UtcNow - quietSince >= SseWriter.KeepAlive)
                {
                    await sse.CommentAsync("keep-alive", ct);
                    quietSince = DateTime.UtcNow;
                }
                await Task.Delay(Poll, ct);
            }
        }
        catch (OperationCanceledException) { } // the browser went away
        catch (IOException) { }
    }

    private static JobState? StateOf(string word) => JobStateWords.TryParse(word, out var state) ? state : null;

    /// <summary>Last-Event-ID after a dropped connection; else where the page's own render ended (?cursor=); else the start.</summary>
    private static Dictionary<string, LogPosition> StartPositions(HttpContext http)
    {
        var text = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? http.Request.Query["cursor"].FirstOrDefault();
        return LogCursor.TryParse(text, out var parsed) ? new Dictionary<string, LogPosition>(parsed) : [];
    }

    private static string Cursor(Dictionary<string, LogPosition> positions) =>
        LogCursor.Format(positions.Select(p => (p.Key, p.Value)));
}
