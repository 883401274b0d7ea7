using System.Net.Sockets;
using System.Text.Json;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Volume sizes from the engine's disk usage (<c>GET /system/df</c>), raw: the client library's model
/// has only the newest API's shape (<c>VolumeUsage.Items</c>), while engines before API 1.52
/// (Debian's 20.10 among them) answer with a <c>Volumes</c> list, so it would read no sizes at all.
/// </summary>
internal static class VolumeSizes
{
    public static async Task<Dictionary<string, long>> ReadAsync(Uri endpoint, CancellationToken ct)
    {
        using var http = Connect(endpoint);
        using var reply = await http.GetAsync("/system/df", ct);
        var body = await reply.Content.ReadAsStringAsync(ct);
        if (!reply.IsSuccessStatusCode)
            throw new EngineRefusedException($"GET /system/df: {(int)reply.StatusCode} {body}", body.Trim(), body);
        using var json = JsonDocument.Parse(body);
        return Sizes(json.RootElement);
    }

    /// <summary>Both shapes of the reply; a size the engine did not compute is -1 and left out.</summary>
    internal static Dictionary<string, long> Sizes(JsonElement root)
    {
        var list = root.TryGetProperty("Volumes", out var old) && old.ValueKind == JsonValueKind.Array ? old
            : root.TryGetProperty("VolumeUsage", out var usage) && usage.ValueKind == JsonValueKind.Object
              && usage.TryGetProperty("Items", out var items) && items.ValueKind == JsonValueKind.Array ? items
            : default;
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (list.ValueKind != JsonValueKind.Array) return sizes;
        foreach (var volume in list.EnumerateArray())
        {
            if (volume.TryGetProperty("Name", out var name) && name.GetString() is { } text
                && volume.TryGetProperty("UsageData", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("Size", out var size) && size.TryGetInt64(out var bytes) && bytes > 0)
                sizes[text] = bytes;
        }
        return sizes;
    }

    /// <summary>An HTTP client on the engine's endpoint: a unix socket (<c>unix:///var/run/docker.sock</c>) or <c>tcp://HOST:PORT</c>.</summary>
    private static HttpClient Connect(Uri endpoint)
    {
        if (endpoint.Scheme != "unix")
            return new HttpClient { BaseAddress = new Uri($"http://{endpoint.Authority}"), Timeout = TimeSpan.FromMinutes(5) };
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.LocalPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // Measuring walks every volume: minutes on a big host are possible, forever is not.
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker"), Timeout = TimeSpan.FromMinutes(5) };
    }
}
