using System.Text;

namespace Cion.Core.Containers;

/// <summary>One look at whether a service answers, by the rule in its <see cref="ServiceReadiness"/>, through its engine (<see cref="IContainerEngine.ConnectAsync"/>).</summary>
internal static class ReadinessProbe
{
    private static readonly TimeSpan EachLook = TimeSpan.FromSeconds(2);

    public static async Task<bool> AnswersAsync(IContainerEngine engine, ServiceSpec spec, string ip, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(EachLook);
        try
        {
            return spec.Readiness switch
            {
                ServiceReadiness.DockerApi => await PingDockerAsync(engine, ip, timeout.Token),
                ServiceReadiness.TcpPort => await ConnectsAsync(engine, ip, spec.Port!.Value, timeout.Token),
                _ => true,
            };
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Refused, unreachable, reset, a tunnel's refusal, or no answer in time: not ready yet.
            return false;
        }
    }

    /// <summary>The Docker API's own health check: <c>GET /_ping</c> answers 200. HTTP/1.0, so the engine closes when done.</summary>
    private static async Task<bool> PingDockerAsync(IContainerEngine engine, string ip, CancellationToken ct)
    {
        await using var stream = await engine.ConnectAsync(ip, EngineSettings.Port, ct);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"), ct);
        var buffer = new byte[64];
        var read = 0;
        while (read < 12)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0) break;
            read += n;
        }
        var status = Encoding.ASCII.GetString(buffer, 0, read);
        return status.StartsWith("HTTP/1.", StringComparison.Ordinal) && status.Length >= 12 && status[9..12] == "200";
    }

    private static async Task<bool> ConnectsAsync(IContainerEngine engine, string ip, int port, CancellationToken ct)
    {
        await using var stream = await engine.ConnectAsync(ip, port, ct);
        return true;
    }
}
