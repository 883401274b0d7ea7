using Cion.Core.Containers.Docker;

namespace Cion.Runner;

/// <summary>
/// The folder of a volume of the runner's own job, as the runner sees the node's volumes folder (mounted into its
/// task), when it may fill or read it: a plain local volume with the job's and owner's labels, where the node's
/// engine keeps such volumes, that no running container uses (so nothing writes into it while the runner does, or
/// swaps a folder for a link while the runner reads). Anything else is refused before a byte moves, with the reason:
/// ciond then goes through the engine's archive calls.
/// </summary>
/// <param name="mounted">The node's volumes folder as mounted into the runner; null: not mounted, every volume refused.</param>
/// <param name="nodeRoot">The same folder as the node's engine names it (its Mountpoints).</param>
internal sealed class JobVolumes(JobOnNode node, string job, string? mounted, string nodeRoot)
{
    /// <returns>The volume's folder here, or why the runner may not touch it.</returns>
    public async Task<(string? Folder, string? Refused)> FindAsync(string volume, CancellationToken ct)
    {
        if (mounted is null) return (null, "this runner was not given the node's volumes folder");
        // Both questions at once: each is a round trip to the node's engine, and the filling waits on them.
        var (volumeFound, inUse) = (node.JobVolumeAsync(volume, ct), InUseAsync(volume, ct));
        await Task.WhenAll(volumeFound, inUse);
        if (await volumeFound is not { } found) return (null, $"{volume} is not a volume of job {job} on this node");
        if (found.Driver != "local" || found.HasOptions) return (null, $"{volume} is not a plain local volume");
        if (found.Mountpoint != $"{nodeRoot}/{volume}/_data") return (null, $"{volume} is at {found.Mountpoint}, not in {nodeRoot}");
        if (await inUse) return (null, InUse(volume));
        var folder = Path.Join(mounted, volume, "_data");
        var info = new DirectoryInfo(folder);
        return info.Exists && info.LinkTarget is null && new DirectoryInfo(Path.Join(mounted, volume)).LinkTarget is null
            ? (folder, null)
            : (null, $"{volume} has no folder in {mounted}, where {nodeRoot} should be mounted");
    }

    /// <summary>
    /// Whether a running container uses the volume: asked again when a transfer ends, so one that a container started
    /// during (which ciond never does: it makes a job's containers one after another) fails, and ciond goes through the engine.
    /// </summary>
    public Task<bool> InUseAsync(string volume, CancellationToken ct) => node.IsVolumeInUseAsync(volume, ct);

    public static string InUse(string volume) => $"{volume} is in use by a running container";
}
