using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cion.Tests.Support;

/// <summary>
/// A chat webhook stand-in on the host: a plain HTTP/1.1 listener on every address, reachable from a
/// container on Docker's default bridge at the bridge's gateway. It keeps each request's body and answers
/// 200 (or what <see cref="Status"/> says).
/// </summary>
public sealed class WebhookListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Any, 0);
    private readonly BlockingCollection<string> _bodies = [];
    private readonly CancellationTokenSource _stop = new();

    public int Status { get; set; } = 200;

    /// <summary>The address a container on the default bridge posts to.</summary>
    public string Url { get; }

    /// <summary>
    /// The host's address on Docker's default bridge. A freshly initialised dockerd may list the bridge's subnet without
    /// its gateway; the gateway is then the subnet's first address, as Docker assigns it.
    /// </summary>
    private static string BridgeGateway()
    {
        var config = Shell.Check("docker", ["network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}} {{(index .IPAM.Config 0).Subnet}}"])
            .Stdout.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (config.Length == 2) return config[0];
        var network = IPAddress.Parse(config.Single().Split('/')[0]).GetAddressBytes();
        network[^1] += 1;
        return new IPAddress(network).ToString();
    }

    public WebhookListener()
    {
        _listener.Start();
        var gateway = BridgeGateway();
        Url = $"http://{gateway}:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The next request's body, waiting for it.</summary>
    public string Next(TimeSpan? timeout = null) =>
        _bodies.TryTake(out var body, timeout ?? Wait.Default) ? body : throw new TimeoutException($"no request reached {Url}");

    public int Received => _bodies.Count;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await AnswerAsync(client.GetStream());
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
            catch (IOException) { } // a client that hung up: the next one is served
        }
    }

    private async Task AnswerAsync(NetworkStream stream)
    {
        var reader = new StreamReader(stream, Encoding.UTF8);
        var length = 0;
        for (var line = await reader.ReadLineAsync(); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync())
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line[15..].Trim());
        var body = new char[length];
        for (var read = 0; read < length;) read += await reader.ReadAsync(body.AsMemory(read));
        _bodies.Add(new string(body));
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 {Status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        await stream.WriteAsync(answer);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
