using System.Net.Sockets;

namespace Cion.Core.Containers;

/// <summary>
/// How cion reaches an address on an engine's networks (a service's port, a per-job engine's API).
/// On one host the container's address is routable from ciond: a plain connection. An engine on
/// another machine is reached through that machine (a Swarm runner's tunnel), behind this same door.
/// </summary>
public sealed class AddressConnector(Func<string, int, CancellationToken, Task<Stream>> connect)
{
    public static readonly AddressConnector Direct = new(DirectAsync);

    public Task<Stream> ConnectAsync(string ip, int port, CancellationToken ct) => connect(ip, port, ct);

    /// <summary>An HTTP client whose every connection goes through <see cref="ConnectAsync"/>; the caller disposes it.</summary>
    public HttpClient HttpClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) => await connect(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct),
    })
    {
        // Loading preloaded images into an engine is the slowest call made through it.
        Timeout = TimeSpan.FromMinutes(10),
    };

    private static async Task<Stream> DirectAsync(string ip, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(ip, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
