using System.Net.Sockets;

namespace Cion.Tests.Support;

/// <summary>
/// A Docker endpoint that accepts connections and never answers: a real unix socket standing in
/// for a hung engine (the client's requests reach it and wait), not a mock of Docker.DotNet.
/// </summary>
public sealed class SilentEngine : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    // Short, in /tmp: a unix socket's path may not be longer than 107 bytes.
    public string SocketPath { get; } = Path.Combine(Path.GetTempPath(), $"cion-silent-{Guid.NewGuid().ToString("N")[..8]}.sock");

    public Uri Endpoint => new($"unix://{SocketPath}");

    /// <summary>Connections accepted so far: proof that a client did ask.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public SilentEngine()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
        _ = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var connection = await _listener.AcceptAsync(_stop.Token);
                lock (_held) _held.Add(connection); // held open, never read from, never written to
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: stop accepting.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        lock (_held) _held.ForEach(s => s.Dispose());
        File.Delete(SocketPath);
    }
}
