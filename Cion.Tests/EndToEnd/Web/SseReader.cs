using System.Text;

namespace Cion.Tests.EndToEnd.Web;

/// <summary>One Server-Sent Event as a browser's EventSource would see it.</summary>
public sealed record SseEvent(string Name, string Data, string? Id);

/// <summary>
/// Reads a real event stream over HTTP, frame by frame, as EventSource does (data lines joined with
/// newlines, comments kept apart so a test can see the keep-alive). Disposing it drops the connection.
/// </summary>
public sealed class SseReader : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    public List<string> Comments { get; } = [];

    public IReadOnlyDictionary<string, string> Headers { get; }

    public SseReader(Uri url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        _response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead);
        Headers = _response.Headers.Concat(_response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        _reader = new StreamReader(_response.Content.ReadAsStream(), Encoding.UTF8);
    }

    /// <summary>The next event, or null when the server closed the stream; fails past <paramref name="timeout"/>.</summary>
    public SseEvent? Next(TimeSpan? timeout = null)
    {
        var read = Task.Run(ReadEvent);
        if (!read.Wait(timeout ?? TimeSpan.FromSeconds(60))) throw new TimeoutException("no event from the stream in time");
        return read.Result;
    }

    private SseEvent? ReadEvent()
    {
        string? name = null, id = null;
        var data = new List<string>();
        while (_reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0 || name is not null) return new SseEvent(name ?? "message", string.Join('\n', data), id);
                continue;
            }
            if (line.StartsWith(':')) Comments.Add(line[1..].Trim());
            else if (line.StartsWith("event: ")) name = line[7..];
            else if (line.StartsWith("id: ")) id = line[4..];
            else if (line.StartsWith("data: ")) data.Add(line[6..]);
        }
        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
    }
}
