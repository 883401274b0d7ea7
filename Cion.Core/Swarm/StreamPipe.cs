using System.Net.Security;
using System.Net.Sockets;

namespace Cion.Core.Swarm;

/// <summary>
/// Copies bytes both ways between two connections until both directions have ended. When one side
/// stops sending, the other is told so (a half close: TLS close_notify, or a socket's shutdown of
/// sending), because HTTP and Docker's attach streams may still answer after a request's end.
/// A failure in either direction ends both.
/// </summary>
public static class StreamPipe
{
    public static async Task RunAsync(Stream a, Stream b, CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var forward = CopyAsync(a, b, failed);
        var backward = CopyAsync(b, a, failed);
        await Task.WhenAll(forward, backward);
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationTokenSource failed)
    {
        try
        {
            await from.CopyToAsync(to, failed.Token);
            await CloseSendingAsync(to);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either end gone or the caller cancelled: the other direction has nothing more to carry.
            await failed.CancelAsync();
        }
    }

    private static async Task CloseSendingAsync(Stream stream)
    {
        switch (stream)
        {
            case SslStream tls: await tls.ShutdownAsync(); break;
            case NetworkStream network: network.Socket.Shutdown(SocketShutdown.Send); break;
        }
    }
}
