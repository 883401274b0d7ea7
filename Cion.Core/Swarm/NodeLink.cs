using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Cion.Core.Swarm;

/// <summary>
/// ciond's end of the link to one job's cion-runner (<see cref="LinkProtocol"/>): each stream it opens is a
/// connection of its own, authenticated both ways, to the node's Docker engine or to one of the job's
/// containers there, which only the runner can reach. Disposing the link cuts every stream it opened, so
/// whatever waits on the node stops waiting. Safe to use from several threads.
/// </summary>
public sealed class NodeLink : IAsyncDisposable, Containers.INodeVolumes
{
    private readonly string _host;
    private readonly int _port;
    private readonly RunnerKeys _keys;
    private readonly List<DockerSocketForward> _forwards = [];
    /// <summary>Connections authenticated ahead of their use, no request sent on them yet (<see cref="OpenAheadAsync"/>), with when.</summary>
    private readonly ConcurrentQueue<(SslStream Stream, long OpenedAt)> _ahead = new();
    /// <summary>
    /// How long a connection opened ahead is handed out: the runner waits <see cref="LinkProtocol.RequestWait"/> for
    /// its request, then closes it.
    /// </summary>
    private readonly TimeSpan _aheadLife;
    /// <summary>The streams opened and not known closed: cut when the link is.</summary>
    private readonly List<Stream> _opened = [];
    private bool _cut;
    private readonly Action<string>? _fellBack;
    /// <summary>1 once <see cref="_fellBack"/> was told of a refused filling, or of a refused reading.</summary>
    private int _fillRefusalSaid, _readRefusalSaid;

    private NodeLink(string host, int port, RunnerKeys keys, Action<string>? fellBack, TimeSpan aheadLife) =>
        (_host, _port, _keys, _fellBack, _aheadLife) = (host, port, keys, fellBack, aheadLife);

    /// <summary>How long a connection opened ahead waits to be handed out, at most; after that a new one is opened.</summary>
    public static readonly TimeSpan AheadLife = LinkProtocol.RequestWait - TimeSpan.FromSeconds(5);

    /// <summary>A link to the runner at <paramref name="host"/>:<paramref name="port"/>; nothing is opened until a stream is asked for.</summary>
    /// <param name="keys">ciond's keys for the job (<see cref="RunnerKeys.Generate"/>'s Daemon); the caller keeps ownership.</param>
    /// <param name="fellBack">
    /// Told, once for filling and once for reading, when the runner refuses to move a volume itself and the job's folders
    /// go through the node's engine instead: slower, and a sign the site's <c>swarm.node_volumes</c> is not the nodes' own.
    /// Called from several threads at once.
    /// </param>
    /// <param name="aheadLife">How long a connection opened ahead is handed out (<see cref="AheadLife"/> unless a test says).</param>
    public static NodeLink Connect(string host, int port, RunnerKeys keys, Action<string>? fellBack = null, TimeSpan? aheadLife = null) =>
        new(host, port, keys, fellBack, aheadLife ?? AheadLife);

    /// <summary>A connection to the node's /var/run/docker.sock, on one opened ahead (<see cref="OpenAheadAsync"/>) or a new one.</summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The runner's certificate is not the pinned one, or it refused ours.</exception>
    public Task<Stream> OpenDockerAsync(CancellationToken ct) => OpenAsync(LinkProtocol.DockerLine(), "docker", ct);

    /// <summary>
    /// Opens and authenticates a connection now, for whatever is asked of the link next (the node's engine, a filling, a
    /// reading). Each costs a TLS handshake (4–12 ms here, more with several at once): opened while the job has other
    /// things to do, the requests that would wait on them do not. One not handed out within the link's ahead life is
    /// closed when next looked at, and any left at the link's cut with it; the runner logs it as closed unused.
    /// </summary>
    public async Task OpenAheadAsync(CancellationToken ct) => _ahead.Enqueue((await HandshakeAsync(ct), Stopwatch.GetTimestamp()));

    /// <summary>Whether the runner answers now: a new connection to the node's engine, closed at once.</summary>
    public async Task ProbeAsync(CancellationToken ct)
    {
        await using var probe = await RequestAsync(await HandshakeAsync(ct), LinkProtocol.DockerLine(), "docker", ct);
    }

    /// <summary>A connection to <paramref name="ip"/>:<paramref name="port"/> as seen from the node.</summary>
    /// <exception cref="LinkRefusedException">The address is not a container of the runner's job, with the runner's reason.</exception>
    public Task<Stream> OpenTcpAsync(string ip, int port, CancellationToken ct) =>
        IPAddress.TryParse(ip, out var address)
            ? OpenAsync(LinkProtocol.TcpLine(address, port), $"{ip}:{port}", ct)
            : throw new ArgumentException($"not an IP address: {ip}", nameof(ip));

    /// <inheritdoc/>
    public async Task<bool> FillVolumeAsync(string volume, string hostFolder, CancellationToken ct)
    {
        Stream link;
        try { link = await OpenAsync(LinkProtocol.FillLine(volume), $"volume {volume}", ct); }
        catch (LinkRefusedException e)
        {
            SayOnce(ref _fillRefusalSaid, $"the runner did not fill volume {volume} itself ({e.Reason}): the job's folders go to its node through the node's engine");
            return false;
        }
        await using (link)
        {
            await VolumeArchive.SendFolderAsync(hostFolder, link, ct);
            var end = await LinkProtocol.ReadLineAsync(link, ct)
                ?? throw new IOException($"the runner at {_host}:{_port} closed the link before volume {volume} was filled");
            return LinkProtocol.ParseFillEnd(end) is { } why ? throw new IOException($"the runner at {_host}:{_port} could not fill volume {volume}: {why}") : true;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> ReadVolumeAsync(string volume, string newFolder, CancellationToken ct)
    {
        Stream link;
        try { link = await OpenAsync(LinkProtocol.ReadLine(volume), $"volume {volume}", ct); }
        catch (LinkRefusedException e)
        {
            SayOnce(ref _readRefusalSaid, $"the runner did not read volume {volume} itself ({e.Reason}): the job's folders come back through the node's engine");
            return false;
        }
        await using (link) await VolumeArchive.ReceiveIntoHostAsync(link, newFolder, ct);
        return true;
    }

    /// <summary>
    /// Serves the node's engine on a unix socket at <paramref name="socketPath"/> (mode 0600): each connection
    /// is carried through <see cref="OpenDockerAsync"/>, so <c>DockerEngine.Connect</c> works on the returned
    /// <c>unix://</c> address unchanged. Served until this link is disposed, which also removes the socket.
    /// </summary>
    public Task<Uri> ServeDockerSocketAsync(string socketPath, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var forward = DockerSocketForward.Start(socketPath, OpenDockerAsync);
        lock (_forwards) _forwards.Add(forward);
        return Task.FromResult(new Uri("unix://" + socketPath));
    }

    public async ValueTask DisposeAsync()
    {
        DockerSocketForward[] forwards;
        lock (_forwards)
        {
            forwards = [.. _forwards];
            _forwards.Clear();
        }
        foreach (var forward in forwards) await forward.DisposeAsync();
        Stream[] opened;
        lock (_opened)
        {
            _cut = true;
            opened = [.. _opened];
            _opened.Clear();
        }
        foreach (var stream in opened) await stream.DisposeAsync();
    }

    private void SayOnce(ref int said, string line)
    {
        if (Interlocked.Exchange(ref said, 1) == 0) _fellBack?.Invoke(line);
    }

    /// <summary>Keeps the stream to cut with the link; forgets those closed since (a closed stream can no longer read).</summary>
    private bool Track(Stream stream)
    {
        lock (_opened)
        {
            if (_cut) return false;
            _opened.RemoveAll(s => !s.CanRead);
            _opened.Add(stream);
            return true;
        }
    }

    /// <summary>The request on a connection opened ahead, while one is fresh; else on a new one.</summary>
    private async Task<Stream> OpenAsync(string requestLine, string target, CancellationToken ct)
    {
        while (_ahead.TryDequeue(out var ready))
        {
            if (!ready.Stream.CanRead || Stopwatch.GetElapsedTime(ready.OpenedAt) >= _aheadLife)
            {
                await ready.Stream.DisposeAsync();
                continue;
            }
            try { return await RequestAsync(ready.Stream, requestLine, target, ct); }
            catch (IOException)
            {
                // Closed meanwhile (the runner stopping, or one past its wait): the request goes on another connection.
            }
        }
        return await RequestAsync(await HandshakeAsync(ct), requestLine, target, ct);
    }

    /// <summary>A new connection to the runner, authenticated both ways, kept to cut with the link.</summary>
    private async Task<SslStream> HandshakeAsync(CancellationToken ct)
    {
        var tcp = new TcpClient { NoDelay = true };
        SslStream? tls = null;
        try
        {
            using var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct);
            handshake.CancelAfter(LinkProtocol.HandshakeTimeout);
            await tcp.ConnectAsync(_host, _port, handshake.Token);
            tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(LinkTls.Client(_keys), handshake.Token);
            if (!Track(tls)) throw new ObjectDisposedException(nameof(NodeLink), $"the link to the runner at {_host}:{_port} was cut");
            return tls;
        }
        catch
        {
            if (tls is not null) await tls.DisposeAsync();
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends the request line on the connection and reads the runner's answer; a connection refused or failed is closed.</summary>
    /// <exception cref="LinkRefusedException">The runner refused, with its reason.</exception>
    private async Task<Stream> RequestAsync(SslStream tls, string requestLine, string target, CancellationToken ct)
    {
        try
        {
            using var answer = CancellationTokenSource.CreateLinkedTokenSource(ct);
            answer.CancelAfter(LinkProtocol.HandshakeTimeout);
            await LinkProtocol.WriteLineAsync(tls, requestLine, answer.Token);
            var line = await LinkProtocol.ReadLineAsync(tls, answer.Token)
                ?? throw new IOException($"the runner at {_host}:{_port} closed the link to {target} without an answer");
            if (LinkProtocol.ParseAnswer(line) is { } reason) throw new LinkRefusedException(target, reason);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }
}
