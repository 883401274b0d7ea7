using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Cion.Core.Swarm;

namespace Cion.Runner;

/// <summary>
/// The runner's end of <see cref="LinkProtocol"/>: accepts connections, authenticates each (TLS, ciond's
/// pinned client certificate), reads its one request line, answers, and serves it (<see cref="ILinkService"/>). Each connection gets one
/// log line: who, what, and the answer, or that it closed unused (ciond opens some ahead). Runs until the token is cancelled, then ends every pipe.
/// </summary>
/// <param name="listener">Bound and listening (<see cref="Listen"/>); the server owns it from here.</param>
internal sealed class LinkServer(Socket listener, RunnerKeys keys, LinkTargets targets, Action<string> log)
{
    /// <summary>
    /// Binds the port, before the keys are even loaded: ciond tries the runner from the moment Swarm has placed it,
    /// and a connection that arrives meanwhile waits in the backlog instead of being refused and tried again later.
    /// </summary>
    /// <exception cref="SocketException">The port cannot be had (<see cref="SocketError.AddressAlreadyInUse"/>: another program holds it).</exception>
    public static Socket Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            listener.Listen(64);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var _ = listener;
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptAsync(stop);
                // The handshake and every engine call are small writes each waiting on an answer: with Nagle's
                // algorithm each waits on the peer's delayed ACK too (40 ms here, twice per connection).
                client.NoDelay = true;
                connections.RemoveAll(c => c.IsCompleted);
                connections.Add(ServeAsync(client, stop));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the connections below end on the same token.
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket client, CancellationToken stop)
    {
        var who = Peer(client);
        await using var tls = new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false);
        ILinkService? service = null;
        try
        {
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                handshake.CancelAfter(LinkProtocol.HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(LinkTls.Server(keys), handshake.Token);
            }
            // Authenticated: ciond opens connections ahead of their use, and sends the request when it has one.
            string? line;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                wait.CancelAfter(LinkProtocol.RequestWait);
                (line, var unused) = await LinkProtocol.ReadRequestAsync(tls, wait.Token, stop);
                if (unused)
                {
                    log($"{who}: closed unused");
                    return;
                }
            }
            using (var answering = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                answering.CancelAfter(LinkProtocol.HandshakeTimeout);
                service = await AnswerAsync(tls, who, line, answering.Token);
            }
            if (service is null) return;
            await service.ServeAsync(tls, stop);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or OperationCanceledException)
        {
            log($"{who}: closed before a request was served: {e.Message}");
        }
        catch (Exception e)
        {
            // One connection's surprise must not fault the list the runner waits on when it stops, which would skip its
            // removal of the job's things on the node.
            log($"{who}: failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (service is not null) await service.DisposeAsync();
        }
    }

    /// <returns>What serves the request, after answering ok; null after answering refused.</returns>
    private async Task<ILinkService?> AnswerAsync(SslStream tls, string who, string? line, CancellationToken ct)
    {
        if (line is null) return await RefuseAsync(tls, who, "(no line)", $"no request line of at most {LinkProtocol.MaxLineBytes} printable bytes", ct);
        if (LinkProtocol.ParseRequest(line, out var why) is not { } request) return await RefuseAsync(tls, who, line, why, ct);
        var (service, refused) = await targets.OpenAsync(request, ct);
        if (service is null) return await RefuseAsync(tls, who, line, refused ?? "refused", ct);
        try
        {
            await LinkProtocol.WriteLineAsync(tls, LinkProtocol.OkLine(), ct);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        log($"{who}: {line}: ok");
        return service;
    }

    private async Task<ILinkService?> RefuseAsync(SslStream tls, string who, string line, string reason, CancellationToken ct)
    {
        log($"{who}: {line}: refused {reason}");
        await LinkProtocol.WriteLineAsync(tls, LinkProtocol.RefusedLine(reason), ct);
        return null;
    }

    private static string Peer(Socket client) => client.RemoteEndPoint is IPEndPoint ip ? $"{(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address)}:{ip.Port}" : "?";
}
