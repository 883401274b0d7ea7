using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Makes a job's volumes hold host folders' content on an engine that cannot see the folders: empty volumes, each
/// stamped with its folder's time (<see cref="Labels.SeededFrom"/>). The node fills them itself when it can
/// (<see cref="INodeVolumes"/>); the rest are filled by one archive upload into a helper container that mounts them
/// and is never started (so the image needs no shell or tar of its own; the spec's image is there already).
/// A marker volume (<see cref="Labels.Seeding"/>), made before the stamped ones and removed after the filling, says
/// that a filling has not finished: a daemon killed in between leaves it, and the next one fills again.
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
    /// <param name="marks">The job's seeding marks (<see cref="ListMarksAsync"/>), asked for only when a volume exists.</param>
    /// <param name="labels">The job's labels, which every volume and helper carries.</param>
    /// <param name="node">Fills a volume on its node without the engine; null: the engine's archive upload for all.</param>
    public static async Task SeedAsync(IDockerClient docker, DockerCleanup cleanup, IReadOnlyList<FolderState> folders,
        Lazy<Task<SeedMarks>> marks, string image, IDictionary<string, string> labels, INodeVolumes? node, CancellationToken ct)
    {
        if (folders.Count == 0) return;
        var volumes = folders.Select(f => f.Folder.Volume).ToList();
        // What an earlier attempt left under these names may be half filled, or stale: start from nothing. No volume
        // yet: the first filling skips these round trips (a mark an attempt killed before its volumes left is made
        // again below, under the same name, or goes with the job's cleanup).
        if (folders.Any(f => f.VolumeExists))
        {
            using var deadline = cleanup.StartDeadline();
            var earlier = await marks.Value;
            var left = await RemoveMarksLastAsync(cleanup, earlier.Helpers, volumes, earlier.Volumes, deadline);
            if (!left.Complete) throw new EngineRefusedException(left.DescribeLeft(), left.DescribeLeft(), left.DescribeLeft());
        }
        // A missing folder is an empty one, as a bind mount makes it: its empty volume is filled already.
        var present = folders.Select(f => f.Folder).Where(f => Directory.Exists(f.Mount.HostPath)).ToList();
        var marker = present.Count == 0 ? null : $"{present[0].Volume}-seed";
        // Before any stamp exists: a stamped volume is never without its marker until it is filled.
        if (marker is not null)
            await docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = marker, Labels = Marked(labels) }, ct);
        var filled = false;
        string? helper = null;
        try
        {
            await Task.WhenAll(folders.Select(f => docker.Volumes.CreateAsync(new VolumesCreateParameters
            {
                Name = f.Folder.Volume,
                Labels = new Dictionary<string, string>(labels) { [Labels.SeededFrom] = Stamp(f.Time) },
            }, ct)));
            if (present.Count == 0) return;
            // The node's own filling spares the engine an archive call (a process of its own, 0.1–0.2 s) and a helper
            // container; what it refuses, before writing anything, goes through a helper.
            var byNode = node is null ? present.Select(_ => false).ToArray()
                : await Task.WhenAll(present.Select(f => node.FillVolumeAsync(f.Volume, f.Mount.HostPath, ct)));
            var left = present.Where((_, i) => !byNode[i]).ToList();
            if (left.Count > 0)
            {
                helper = await CreateHelperAsync(docker, left, image, labels, ct);
                await TarPut.IntoAsync(docker, helper, SeedPath, (tar, stop) =>
                    TarCopy.WriteFolders(left.Select((f, i) => (f.Mount.HostPath, $"{i}/")).ToList(), tar, stop), ct);
            }
            filled = true;
        }
        finally
        {
            // A volume half filled must not pass for filled, as its stamp says: it goes, and then the marker. What this
            // leaves carries the job's label: the job's cleanup removes it.
            if (marker is not null)
            {
                using var deadline = cleanup.StartDeadline();
                await RemoveMarksLastAsync(cleanup, helper is null ? [] : [helper], filled ? [] : volumes, [marker], deadline);
            }
        }
    }

    /// <summary>
    /// The helpers and volumes, then the marker volumes only once those are gone: a marker removed beside a stamped
    /// volume that stayed (its removal refused, or the daemon killed meanwhile) would let that volume pass for filled.
    /// </summary>
    private static async Task<CleanupReport> RemoveMarksLastAsync(DockerCleanup cleanup, IReadOnlyList<string> helpers, IReadOnlyList<string> volumes,
        IReadOnlyList<string> markers, CancellationTokenSource deadline)
    {
        var removed = await cleanup.RemoveContainersAsync(helpers, volumes, deadline);
        return removed.Complete ? removed.And(await cleanup.RemoveContainersAsync([], markers, deadline)) : removed;
    }

    /// <summary>The container the engine's archive upload fills <paramref name="folders"/>' volumes through: <c>{SeedPath}/{i}</c>.</summary>
    private static async Task<string> CreateHelperAsync(IDockerClient docker, IReadOnlyList<CopiedFolder> folders, string image,
        IDictionary<string, string> labels, CancellationToken ct) =>
        (await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{folders[0].Volume}-seeding",
            Image = image,
            // Never run: an entrypoint is only needed because the engine refuses an image that has none.
            Entrypoint = ["/cion-never-started"],
            Labels = Marked(labels),
            HostConfig = new HostConfig { Binds = [.. folders.Select((f, i) => $"{f.Volume}:{SeedPath}/{i}:rw,nocopy")] },
        }, ct)).ID;

    private static Dictionary<string, string> Marked(IDictionary<string, string> labels) => new(labels) { [Labels.Seeding] = "true" };

    /// <summary>
    /// The job's seeding marks: one still there is a filling that was cut short (a daemon died during it). A helper
    /// container is one too, as the daemons before the marker volumes left it.
    /// </summary>
    public static async Task<SeedMarks> ListMarksAsync(IDockerClient docker, string jobId, CancellationToken ct)
    {
        var filter = LabelFilter.AllOf($"{Labels.Job}={jobId}", Labels.Seeding);
        var helpers = docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct);
        var volumes = docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct);
        return new SeedMarks([.. (await helpers).Select(h => h.ID)], [.. ((await volumes).Volumes ?? []).Select(v => v.Name)]);
    }
}

/// <summary>What says a job's filling was cut short: its helper containers and marker volumes (<see cref="VolumeSeed"/>).</summary>
internal sealed record SeedMarks(IReadOnlyList<string> Helpers, IReadOnlyList<string> Volumes)
{
    public bool Any => Helpers.Count > 0 || Volumes.Count > 0;
}
