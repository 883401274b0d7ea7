using System.Net.Http.Headers;
using System.Text.Json;
using Docker.DotNet;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Copies images from the host's engine into a per-job engine (<c>dind.preload</c>), for sites
/// whose builds cannot pull: <c>docker save</c> on the host streamed into <c>docker load</c> inside.
/// An engine on a layer cache mostly has them already: an image the engine holds under the same tag
/// and id is not copied again, so a cache is loaded once and again only when the host's image changes.
/// </summary>
internal static class EnginePreload
{
    public static async Task CopyAsync(IDockerClient host, HttpClient http, string engineAddress, IReadOnlyList<string> images, Action<string> log, CancellationToken ct)
    {
        if (images.Count == 0) return;
        var api = $"http://{engineAddress}:{EngineSettings.Port}";
        var present = await PresentAsync(http, api, ct);
        var missing = new List<string>();
        foreach (var image in images)
        {
            var id = (await host.Images.InspectImageAsync(image, ct)).ID;
            if (!present.Contains((Tagged(image), id))) missing.Add(image);
        }
        if (missing.Count == 0)
        {
            log($"service docker: {string.Join(", ", images)} already in the layer cache");
            return;
        }
        await using var saved = await host.Images.SaveImagesAsync([.. missing], ct);
        using var content = new StreamContent(saved);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await http.PostAsync($"{api}/images/load?quiet=1", content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode || body.Contains("\"error", StringComparison.Ordinal))
            throw new ServiceFailedException("docker", $"could not preload {string.Join(", ", missing)}: {body.Trim()}", "");
        log($"service docker: preloaded {string.Join(", ", missing)}");
    }

    /// <summary>Every (tag, image id) the engine holds.</summary>
    private static async Task<HashSet<(string Tag, string Id)>> PresentAsync(HttpClient http, string api, CancellationToken ct)
    {
        using var response = await http.GetAsync($"{api}/images/json", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new ServiceFailedException("docker", $"could not list its images: {body.Trim()}", "");
        using var document = JsonDocument.Parse(body);
        var present = new HashSet<(string, string)>();
        foreach (var image in document.RootElement.EnumerateArray())
        {
            if (!image.TryGetProperty("Id", out var id) || id.GetString() is not { } imageId) continue;
            if (!image.TryGetProperty("RepoTags", out var tags) || tags.ValueKind != JsonValueKind.Array) continue;
            foreach (var tag in tags.EnumerateArray()) if (tag.GetString() is { } text) present.Add((text, imageId));
        }
        return present;
    }

    /// <summary>As the engine lists a tag: an image named without one is <c>:latest</c>.</summary>
    private static string Tagged(string image) =>
        image.Contains('@') || image.LastIndexOf(':') > image.LastIndexOf('/') ? image : image + ":latest";
}
