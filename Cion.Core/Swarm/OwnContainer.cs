using System.Text.RegularExpressions;

namespace Cion.Core.Swarm;

/// <summary>
/// Pure: the id of the container this process runs in, read from its mount table: Docker bind-mounts
/// the container's /etc/hostname from <c>…/containers/ID/hostname</c>. The runner spares that container
/// when it removes its job's, in case its service labels it like the job's own.
/// </summary>
public static partial class OwnContainer
{
    public const string MountInfo = "/proc/self/mountinfo";

    /// <returns>The 64-hex-digit id, or null outside a Docker container.</returns>
    public static string? Id(string mountInfo) => HostnameMount().Match(mountInfo) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"/containers/([0-9a-f]{64})/hostname\s")]
    private static partial Regex HostnameMount();
}
