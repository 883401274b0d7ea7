using System.Net.Http.Headers;
using Docker.DotNet;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Copies images from the host's engine into a per-job engine (<c>dind.preload</c>), for sites
/// whose builds cannot pull: <c>docker save</c> on the host streamed into <c>docker load</c> inside.
/// </summary>
internal static class EnginePreload
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(10) };

    public static async Task CopyAsync(IDockerClient host, string engineAddress, IReadOnlyList<string> images, Action<string> log, CancellationToken ct)
    {
        if (images.Count == 0) return;
        await using var saved = await host.Images.SaveImagesAsync([.. images], ct);
        using var content = new StreamContent(saved);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await Http.PostAsync($"http://{engineAddress}:{EngineSettings.Port}/images/load?quiet=1", content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode || body.Contains("\"error", StringComparison.Ordinal))
            throw new ServiceFailedException("docker", $"could not preload {string.Join(", ", images)}: {body.Trim()}", "");
        log($"service docker: preloaded {string.Join(", ", images)}");
    }
}
