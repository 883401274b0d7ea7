using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Makes a job's volumes hold host folders' content on an engine that cannot see the folders: empty volumes,
/// each stamped with its folder's time (<see cref="Labels.SeededFrom"/>), and one helper container that mounts them
/// and is never started (so the image needs no shell or tar of its own; the spec's image is there already). The
/// node fills them itself when it can (<see cref="INodeVolumes"/>); the rest are filled by one archive upload into the
/// helper. Then the helper goes: while a helper is there its filling has not finished.
/// </summary>
internal static class VolumeSeed
{
    private const string SeedPath = "/cion-seed";

    /// <summary>The stamp of a folder's time (null: there is no folder, and the volume stays empty).</summary>
    public static string Stamp(DateTime? folderTime) => folderTime?.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    /// <summary>The stamp the volume was filled under; null when there is no such volume.</summary>
    public static async Task<string?> StampOfAsync(IDockerClient docker, string volume, CancellationToken ct)
    {
        try
        {
            var found = await docker.Volumes.InspectAsync(volume, ct);
            return found.Labels?.TryGetValue(Labels.SeededFrom, out var stamp) == true ? stamp : "";
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <param name="folders">The job's folders to fill, with the time each has now.</param>
    /// <param name="helpers">The job's helpers (<see cref="ListHelpersAsync"/>), asked for only when a volume exists.</param>
    /// <param name="labels">The job's labels, which every volume and helper carries.</param>
    /// <param name="node">Fills a volume on its node without the engine; null: the engine's archive upload for all.</param>
    public static async Task SeedAsync(IDockerClient docker, DockerCleanup cleanup, IReadOnlyList<FolderState> folders,
        Lazy<Task<IList<ContainerListResponse>>> helpers, string image, IDictionary<string, string> labels, INodeVolumes? node, CancellationToken ct)
    {
        if (folders.Count == 0) return;
        var volumes = folders.Select(f => f.Folder.Volume).ToList();
        // What an earlier attempt left under these names may be half filled, or stale: start from nothing. No volume
        // yet, no helper either (a helper's binds make its volumes): the first filling skips these round trips.
        if (folders.Any(f => f.VolumeExists))
        {
            using var deadline = cleanup.StartDeadline();
            var left = await cleanup.RemoveContainersAsync((await helpers.Value).Select(h => h.ID), volumes, deadline);
            if (!left.Complete) throw new EngineRefusedException(left.DescribeLeft(), left.DescribeLeft(), left.DescribeLeft());
        }
        await Task.WhenAll(folders.Select(f => docker.Volumes.CreateAsync(new VolumesCreateParameters
        {
            Name = f.Folder.Volume,
            Labels = new Dictionary<string, string>(labels) { [Labels.SeededFrom] = Stamp(f.Time) },
        }, ct)));
        // A missing folder is an empty one, as a bind mount makes it.
        var present = folders.Select(f => f.Folder).Where(f => Directory.Exists(f.Mount.HostPath)).ToList();
        if (present.Count == 0) return;
        var helper = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{present[0].Volume}-seed",
            Image = image,
            // Never run: an entrypoint is only needed because the engine refuses an image that has none.
            Entrypoint = ["/cion-never-started"],
            Labels = new Dictionary<string, string>(labels) { [Labels.Seeding] = "true" },
            HostConfig = new HostConfig { Binds = [.. present.Select((f, i) => $"{f.Volume}:{SeedPath}/{i}:rw,nocopy")] },
        }, ct);
        var filled = false;
        try
        {
            // The node's own filling spares the engine an archive call (a process of its own, 0.1–0.2 s); what it
            // refuses, before writing anything, goes through the helper.
            var byNode = node is null ? present.Select(_ => false).ToArray()
                : await Task.WhenAll(present.Select(f => node.FillVolumeAsync(f.Volume, f.Mount.HostPath, ct)));
            var left = present.Select((f, i) => (f.Mount.HostPath, Prefix: $"{i}/")).Where((_, i) => !byNode[i]).ToList();
            if (left.Count > 0) await TarPut.IntoAsync(docker, helper.ID, SeedPath, (tar, stop) => TarCopy.WriteFolders(left, tar, stop), ct);
            filled = true;
        }
        finally
        {
            // A volume half filled must not pass for filled, as its stamp says: it goes with the helper. What this
            // leaves carries the job's label: the job's cleanup removes it.
            using var deadline = cleanup.StartDeadline();
            await cleanup.RemoveContainersAsync([helper.ID], filled ? [] : volumes, deadline);
        }
    }

    /// <summary>The job's helpers: one still there is a filling that was cut short (a daemon died during it).</summary>
    public static async Task<IList<ContainerListResponse>> ListHelpersAsync(IDockerClient docker, string jobId, CancellationToken ct) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true, Filters = LabelFilter.AllOf($"{Labels.Job}={jobId}", Labels.Seeding),
        }, ct);
}
