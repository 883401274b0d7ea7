namespace Cion.Bench.Support;

/// <summary>
/// Many clients following one event stream at once, as browsers with a job page open would: each
/// holds its own connection and reads everything sent, as it is sent (the bytes are counted, not
/// parsed, so the clients cost the shared machine little). Disposing them drops every connection.
/// </summary>
public sealed class Followers : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly long[] _bytes, _lastRead;
    private readonly Task[] _readers;

    public Followers(Uri url, int count)
    {
        (_bytes, _lastRead) = (new long[count], new long[count]);
        _readers = [.. Enumerable.Range(0, count).Select(i => Task.Run(() => FollowAsync(url, i)))];
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
            if (_readers.FirstOrDefault(r => r.IsFaulted) is { } failed) throw new InvalidOperationException("a follower failed", failed.Exception);
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

    private async Task FollowAsync(Uri url, int i)
    {
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

    public void Dispose()
    {
        _stop.Cancel();
        try { Task.WaitAll(_readers, TimeSpan.FromSeconds(30)); }
        catch (AggregateException) { } // cancelled reads, as intended
        _http.Dispose();
        _stop.Dispose();
    }
}
