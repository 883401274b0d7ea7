using System.Net.Sockets;

namespace Cion.Core.Swarm;

/// <summary>
/// A unix socket whose every connection is piped to a stream opened for it (a node's engine through its
/// runner). The socket is bound under a temporary name, made 0600, then renamed into place, so no one
/// else can connect in between. Disposing stops accepting, ends the open pipes and removes the socket.
/// </summary>
internal sealed class DockerSocketForward : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _path;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private DockerSocketForward(Socket listener, string path, Func<CancellationToken, Task<Stream>> open)
    {
        (_listener, _path) = (listener, path);
        _accepting = AcceptAsync(open);
    }

    public static DockerSocketForward Start(string path, Func<CancellationToken, Task<Stream>> open)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.Delete(temp);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(temp));
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temp, path, overwrite: true);
            listener.Listen(64);
            return new DockerSocketForward(listener, path, open);
        }
        catch
        {
            listener.Dispose();
            File.Delete(temp);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        File.Delete(_path);
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<CancellationToken, Task<Stream>> open)
    {
        var pipes = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptAsync(_stop.Token);
                pipes.RemoveAll(p => p.IsCompleted);
                pipes.Add(ForwardAsync(client, open));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed: stop accepting; the pipes below end on the same token.
        }
        await Task.WhenAll(pipes);
    }

    private async Task ForwardAsync(Socket client, Func<CancellationToken, Task<Stream>> open)
    {
        await using var local = new NetworkStream(client, ownsSocket: true);
        try
        {
            await using var remote = await open(_stop.Token);
            await StreamPipe.RunAsync(local, remote, _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or LinkRefusedException)
        {
            // The client sees its connection close: the Docker client reports that as the engine's failure.
        }
    }
}
