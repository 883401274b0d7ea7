using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>Pure: Docker's look at a container (<c>docker inspect</c>) in cion's terms.</summary>
internal static class DockerStatus
{
    public static ContainerStatus From(ContainerInspectResponse inspect) => new(
        inspect.ID,
        inspect.Name,
        inspect.State?.Status ?? "",
        inspect.State?.Running == true,
        inspect.State?.ExitCode,
        StartedAt(inspect.State?.StartedAt),
        [.. (inspect.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>())
            .Select(n => new KeyValuePair<string, string?>(n.Key, n.Value?.IPAddress))],
        [.. (inspect.Mounts ?? []).Where(m => m.Type == "volume").Select(m => m.Name).OfType<string>().Where(n => n.Length > 0)]);

    /// <summary>Docker says "never" with the zero time, <c>0001-01-01T00:00:00Z</c>.</summary>
    private static DateTimeOffset? StartedAt(string? text) =>
        DateTimeOffset.TryParse(text, out var since) && since.Year > 1 ? since : null;
}
