using System.Net;
using System.Text.RegularExpressions;

namespace Cion.Bench.Support;

/// <summary>
/// Many people with one running job's page open: each client loads the job page, then follows its
/// event stream from where the page's log ended (the page's <c>data-events</c> and <c>data-cursor</c>,
/// as its script does), on a connection of its own, reading everything sent as it is sent (the bytes
/// are counted, not parsed, so the clients cost the shared machine little). Disposing them drops
/// every connection.
/// </summary>
public sealed partial class Followers : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _bytes, _lastRead;
    private readonly Task[] _readers;

    public Followers(Uri jobPage, int count)
    {
        (_bytes, _lastRead) = (new long[count], new long[count]);
        _readers = [.. Enumerable.Range(0, count).Select(i => Task.Run(() => FollowAsync(jobPage, i)))];
    }

    public int Count => _readers.Length;
    public long Bytes => Enumerable.Range(0, Count).Sum(i => Volatile.Read(ref _bytes[i]));

    /// <summary>Waits until every client has received the stream's first bytes; a client that failed (a 503, a refused connection) fails this.</summary>
    public void WaitAllReading(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int Waiting() => Enumerable.Range(0, Count).Count(i => Volatile.Read(ref _bytes[i]) == 0);
        while (Waiting() > 0)
        {
            if (_readers.FirstOrDefault(r => r.IsFaulted) is { } failed) throw new InvalidOperationException($"a follower failed: {failed.Exception?.GetBaseException().Message}", failed.Exception);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Waiting()} followers received nothing");
            Thread.Sleep(10);
        }
    }

    /// <summary>How many clients received something within the last <paramref name="window"/>: all of them while a chatty log is followed.</summary>
    public int ReadingWithin(TimeSpan window)
    {
        var since = Environment.TickCount64 - (long)window.TotalMilliseconds;
        return Enumerable.Range(0, Count).Count(i => Volatile.Read(ref _lastRead[i]) >= since);
    }

    private async Task FollowAsync(Uri jobPage, int i)
    {
        var page = await _http.GetStringAsync(jobPage, _stop.Token);
        if (LiveAttributes().Match(page) is not { Success: true } live || live.Groups[1].Value.Length == 0)
            throw new InvalidOperationException($"{jobPage} offers no live stream (has the job ended?)");
        var (events, cursor) = (WebUtility.HtmlDecode(live.Groups[1].Value), WebUtility.HtmlDecode(live.Groups[2].Value));
        var url = new Uri(jobPage, events + "?cursor=" + Uri.EscapeDataString(cursor));
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
        var buffer = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(buffer, _stop.Token)) > 0)
        {
            Interlocked.Add(ref _bytes[i], read);
            Volatile.Write(ref _lastRead[i], Environment.TickCount64);
        }
    }

    [GeneratedRegex("data-events=\"([^\"]*)\" data-cursor=\"([^\"]*)\"")]
    private static partial Regex LiveAttributes();

    public void Dispose()
    {
        _stop.Cancel();
        try { Task.WaitAll(_readers, TimeSpan.FromSeconds(30)); }
        catch (AggregateException) { } // cancelled reads, as intended
        _http.Dispose();
        _stop.Dispose();
    }
}
