using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// How late a follower of a running job sees each line of its build log: a real job prints a
/// stamped line every 100 ms (<see cref="StampedLog"/>), a client reads the job's event stream from
/// cion-web and compares each line with the time it arrived. The floor is measured beside it: when
/// each line became readable in build.log (the daemon's part: Docker's log stream and its write),
/// so the rest is cion-web's (its 100 ms poll of the files, rendering, sending).
/// </summary>
public static class WebLiveLog
{
    private const int WarmUp = 10;

    public static void Run(Report report, int lines)
    {
        using var site = new Site("weblive");
        var (_, work) = site.CreateRepo("team/app");
        site.StartDaemon();
        using var web = WebProcess.Start(site);
        // Bounded: the stream ends when the job does, at the latest at its timeout.
        using var job = StampedJob.Push(site, "team/app", work, WarmUp + lines, timeout: $"{lines / 300 + 2}m");
        using var poller = new LogPoller(job.BuildLog);
        var (connected, received) = Follow(web.Url(job.EventsPath));
        var status = job.WaitForFinal(TimeSpan.FromMinutes(2));
        if (status != "succeeded") throw new InvalidOperationException($"the stamped job ended {status}");
        var inFile = poller.Seen;

        // Lines printed before the stream was open would count the connection's wait; the first few warm up.
        var counted = received.Where(r => r.Key >= WarmUp && r.Value.Printed >= connected && inFile.ContainsKey(r.Key)).ToList();
        if (counted.Count < lines * 9 / 10) throw new InvalidOperationException($"only {counted.Count} of {lines} lines came through the stream");
        var stream = new Stats(counted.Select(r => (r.Value.At - r.Value.Printed).TotalMilliseconds));
        var file = new Stats(counted.Select(r => (inFile[r.Key] - r.Value.Printed).TotalMilliseconds));
        var added = new Stats(counted.Select(r => (r.Value.At - inFile[r.Key]).TotalMilliseconds));
        // A line cannot be in the file before it was printed: a stamp ahead of the host's clock means the stamps are misread.
        if (file.Min < -1) throw new InvalidOperationException($"a line was in build.log {-file.Min:0.0} ms before its stamp: the stamps are misread");
        report.Add(new Row("live log: line printed → in a follower's event stream", P50P99(stream),
            $"{P50P99(file)} (printed → in `build.log`)", "–", "p50 ≤ 250 ms, p99 ≤ 1 s", stream.Median <= 250 && stream.Percentile(99) <= 1000));
        report.Detail("Live log", $"""
            One job whose build prints a line every 100 ms, each stamped with the wall clock to the microsecond
            (busybox `adjtimex` in the container; the host's clock is the same kernel's), followed by one client
            of its event stream on loopback. {counted.Count} lines (after {WarmUp} warm-up lines), each timed from its stamp:

            | to | p50 | p90 | p99 | max |
            |---|---|---|---|---|
            | readable in `build.log` (polled every 1 ms: Docker's log stream and ciond's write) | {Cells(file)} |
            | received by the follower (cion-web polls the files every 100 ms) | {Cells(stream)} |
            | cion-web's part: from `build.log` to the follower | {Cells(added)} |
            """);
    }

    private static string P50P99(Stats s) => $"p50 {Stats.Fmt(s.Median)} ms, p99 {Stats.Fmt(s.Percentile(99))} ms";

    private static string Cells(Stats s) =>
        $"{Stats.Fmt(s.Median)} ms | {Stats.Fmt(s.Percentile(90))} ms | {Stats.Fmt(s.Percentile(99))} ms | {Stats.Fmt(s.Max)} ms";

    /// <summary>Reads the stream until its <c>end</c> event; returns when it opened and, per stamped line, when it was printed and when it arrived.</summary>
    private static (DateTimeOffset Connected, Dictionary<int, (DateTimeOffset Printed, DateTimeOffset At)> Lines) Follow(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var connected = DateTimeOffset.UtcNow;
        using var reader = new StreamReader(response.Content.ReadAsStream());
        var lines = new Dictionary<int, (DateTimeOffset, DateTimeOffset)>();
        while (reader.ReadLine() is { } line && line != "event: end")
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var at = DateTimeOffset.UtcNow;
            foreach (var (index, printed) in StampedLog.Parse(line))
                lines.TryAdd(index, (printed, at));
        }
        return (connected, lines);
    }
}
