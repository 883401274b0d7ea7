using System.Text.Json;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Empties a per-job engine on a layer cache of everything but images and build cache: the
/// containers, volumes and networks an earlier job made (or left when it was killed), so each job
/// starts with none. Raw API calls, as <see cref="EnginePreload"/>: the engine is another dockerd,
/// of whatever version its image has, and removing volumes one by one works on every API version
/// (a prune spares named volumes from API 1.42 on unless told <c>all</c>, which 1.41 refuses).
/// </summary>
internal static class EngineReset
{
    public static async Task EmptyAsync(HttpClient http, string engineAddress, Action<string> log, CancellationToken ct)
    {
        var api = $"http://{engineAddress}:{EngineSettings.Port}";
        // Containers first: a volume or network still in use by one cannot go.
        var containers = Strings(await GetAsync(http, $"{api}/containers/json?all=1", ct), null, "Id");
        foreach (var id in containers) await SendAsync(http, HttpMethod.Delete, $"{api}/containers/{id}?force=1&v=1", ct);
        var volumes = Strings(await GetAsync(http, $"{api}/volumes", ct), "Volumes", "Name");
        foreach (var name in volumes) await SendAsync(http, HttpMethod.Delete, $"{api}/volumes/{Uri.EscapeDataString(name)}?force=1", ct);
        await SendAsync(http, HttpMethod.Post, $"{api}/networks/prune", ct);
        if (containers.Count + volumes.Count > 0)
            log($"service docker: removed {containers.Count} containers and {volumes.Count} volumes an earlier job left in the layer cache");
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new ServiceFailedException("docker", $"could not empty the layer cache: {body.Trim()}", "");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string url, CancellationToken ct)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, url), ct);
        // Gone already (a container removed with its volumes) is what was wanted.
        if (response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.NotFound) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        throw new ServiceFailedException("docker", $"could not empty the layer cache: {body.Trim()}", "");
    }

    /// <summary>The <paramref name="field"/> of each item of a list: the root, or the root's <paramref name="list"/>.</summary>
    private static List<string> Strings(JsonElement root, string? list, string field)
    {
        var items = list is null ? root : root.TryGetProperty(list, out var inner) ? inner : default;
        return items.ValueKind != JsonValueKind.Array ? []
            : [.. items.EnumerateArray().Select(item => item.TryGetProperty(field, out var value) ? value.GetString() : null).OfType<string>()];
    }
}
