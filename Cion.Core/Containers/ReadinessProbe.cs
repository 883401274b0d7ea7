using System.Net.Sockets;

namespace Cion.Core.Containers;

/// <summary>One look at whether a service answers, by the rule in its <see cref="ServiceReadiness"/>.</summary>
internal static class ReadinessProbe
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<bool> AnswersAsync(ServiceSpec spec, string ip, CancellationToken ct)
    {
        try
        {
            return spec.Readiness switch
            {
                ServiceReadiness.DockerApi => await PingDockerAsync(ip, ct),
                ServiceReadiness.TcpPort => await ConnectsAsync(ip, spec.Port!.Value, ct),
                _ => true,
            };
        }
        catch (Exception e) when ((e is HttpRequestException or SocketException or OperationCanceledException) && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The Docker API's own health check: <c>GET /_ping</c> answers <c>OK</c>.</summary>
    private static async Task<bool> PingDockerAsync(string ip, CancellationToken ct)
    {
        using var response = await Http.GetAsync($"http://{ip}:{EngineSettings.Port}/_ping", ct);
        return response.IsSuccessStatusCode;
    }

    private static async Task<bool> ConnectsAsync(string ip, int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        await client.ConnectAsync(ip, port, timeout.Token);
        return true;
    }
}
