using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Makes a host folder what a container's folder is at its end (the archive API's GET): unpacked into a new
/// folder beside it, then put in its place, so what the container deleted is gone too and a refused or broken
/// archive leaves the host folder as it was. The archive comes from the node when it can send the container's volume
/// itself (<see cref="INodeVolumes"/>), and otherwise, or when that fails, from the engine.
/// </summary>
internal static class FolderCopyBack
{
    private const string Unpacking = "copying";
    private const string Replaced = "replaced";

    /// <param name="volume">The job's volume at the mount's path, which <paramref name="node"/> can read.</param>
    public static async Task CopyAsync(IDockerClient docker, INodeVolumes? node, string volume, string id, Mount mount, CancellationToken ct)
    {
        var host = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mount.HostPath));
        RemoveLeftovers(host);
        if (node is not null)
        {
            // A node that refuses (a container still uses the volume) or fails part way (a cut, an answer too slow)
            // leaves the host folder as it was: the engine's archive, which reads the container's folder in a root of
            // its own, is the way left.
            try
            {
                if (await ReplaceAsync(host, unpacked => node.ReadVolumeAsync(volume, unpacked, ct))) return;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Security.Authentication.AuthenticationException
                || (e is OperationCanceledException && !ct.IsCancellationRequested)) { }
        }
        await ReplaceAsync(host, async unpacked =>
        {
            var archive = await docker.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = mount.ContainerPath }, statOnly: false, ct);
            await using (var tar = archive.Stream ?? throw new InvalidDataException($"the engine sent no archive of {mount.ContainerPath}"))
                await TarExtract.IntoAsync(tar, unpacked, ct);
            return true;
        });
    }

    /// <param name="unpack">Unpacks the archive into the new folder it is given; false: refused before anything was unpacked.</param>
    /// <returns>Whether the host folder was replaced.</returns>
    private static async Task<bool> ReplaceAsync(string host, Func<string, Task<bool>> unpack)
    {
        var unpacked = Beside(host, Unpacking);
        try
        {
            if (!await unpack(unpacked)) return false;
            // Crash point: between the two renames the host folder is missing (the copy is beside it, under
            // Replaced's name); a step that follows the container to its end again copies it again.
            var replaced = Beside(host, Replaced);
            if (Directory.Exists(host)) Directory.Move(host, replaced);
            Directory.Move(unpacked, host);
            if (Directory.Exists(replaced)) Directory.Delete(replaced, recursive: true);
            return true;
        }
        finally
        {
            if (Directory.Exists(unpacked)) Directory.Delete(unpacked, recursive: true);
        }
    }

    /// <summary>A hidden folder beside the host folder: the same disk, so moving it is a rename.</summary>
    private static string Beside(string host, string what) =>
        Path.Join(Path.GetDirectoryName(host), $".{Path.GetFileName(host)}.cion-{what}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>What a daemon that died while copying back left beside the folder.</summary>
    private static void RemoveLeftovers(string host)
    {
        var parent = Path.GetDirectoryName(host);
        if (parent is null || !Directory.Exists(parent)) return;
        foreach (var what in new[] { Unpacking, Replaced })
            foreach (var left in Directory.EnumerateDirectories(parent, $".{Path.GetFileName(host)}.cion-{what}-*"))
                Directory.Delete(left, recursive: true);
    }
}
