using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Delivers a spec's mounts by copying, for an engine on another machine (<see cref="CopiedMountPlan"/>): folders
/// into the job's volumes before a container is created, files into it after, writable folders back when it exits.
/// </summary>
/// <remarks>
/// A volume is filled once per host folder state: this daemon remembers each folder's time after it filled the
/// volume or copied back into it, and fills it again when the folder changed since (a build that runs again after a
/// restart starts from a fresh checkout and no artifacts). A restarted daemon reads the time the volume was filled
/// from on the volume itself: a scratch folder (<see cref="Mount.Scratch"/>), never copied back, keeps what the
/// job's steps wrote in it. A job's containers are made one after another, never two at once.
/// </remarks>
/// <param name="node">Fills and reads the job's volumes on the engine's node without its archive calls; null: the engine's archive API.</param>
internal sealed class CopiedMounts(IDockerClient docker, DockerCleanup cleanup, string owner, INodeVolumes? node)
{
    /// <summary>A container's copy back, started once per exit (<c>FinishedAt</c>) however often it is followed to its end.</summary>
    private sealed record CopyBack(string FinishedAt, string Name, string JobId, Lazy<Task> Done);

    private readonly ConcurrentDictionary<string, (string JobId, DateTime? Time)> _filled = new();
    private readonly ConcurrentDictionary<string, CopyBack> _copiedBack = new();

    /// <summary>Fills the job's volumes the spec needs (when they are not filled already), all in one go.</summary>
    /// <returns>The spec to create, and what <see cref="PutFilesAsync"/> and the binds need.</returns>
    public async Task<CopiedMountPlan> PrepareAsync(ContainerSpec spec, CancellationToken ct)
    {
        var plan = CopiedMountPlan.For(spec, File.Exists);
        if (plan.Folders.Count == 0) return plan;
        // The job's seeding marks, listed at most once for all the folders: only a restarted daemon (one that does not
        // remember a volume) and a filling over volumes that exist ask for them.
        var marks = new Lazy<Task<SeedMarks>>(() => VolumeSeed.ListMarksAsync(docker, plan.Folders[0].JobId, ct));
        var folders = await Task.WhenAll(plan.Folders.Select(f => StateOfAsync(f, marks, ct)));
        var stale = folders.Where(f => !f.Filled).ToList();
        if (stale.Count == 0) return plan;
        var labels = new Dictionary<string, string> { [Labels.Job] = stale[0].Folder.JobId, [Labels.Owner] = owner };
        await VolumeSeed.SeedAsync(docker, cleanup, stale, marks, spec.Image, labels, node, ct);
        foreach (var folder in stale) _filled[folder.Folder.Volume] = (folder.Folder.JobId, folder.Time);
        return plan;
    }

    /// <summary>
    /// Copies the plan's single files into the created container, making the folders above them that its image
    /// lacks. A container that cannot have them all is removed: it never starts without its files.
    /// </summary>
    public async Task PutFilesAsync(string id, CopiedMountPlan plan, CancellationToken ct)
    {
        try
        {
            foreach (var file in plan.Files) await PutFileAsync(id, file, ct);
        }
        catch
        {
            using var deadline = cleanup.StartDeadline();
            await cleanup.RemoveContainerAsync(id, [], deadline);
            throw;
        }
    }

    /// <summary>Copies the exited container's writable folders (its <see cref="Labels.CopyBack"/> label) back into their host folders.</summary>
    public async Task CopyBackAsync(string id, CancellationToken ct)
    {
        var container = await docker.Containers.InspectContainerAsync(id, ct);
        var labels = container.Config?.Labels ?? new Dictionary<string, string>();
        var mounts = CopyBackLabel.Parse(labels.TryGetValue(Labels.CopyBack, out var label) ? label : null);
        if (mounts.Count == 0) return;
        var job = labels[Labels.Job];
        var finished = container.State?.FinishedAt.ToString() ?? "";
        CopyBack Start() => new(finished, container.Name.TrimStart('/'), job, new Lazy<Task>(() => CopyEachAsync(container.ID, job, mounts, ct)));
        var copy = _copiedBack.AddOrUpdate(container.ID, _ => Start(), (_, earlier) => earlier.FinishedAt == finished ? earlier : Start());
        try
        {
            await copy.Done.Value;
        }
        catch
        {
            // A copy back that failed is tried again by the next follower.
            _copiedBack.TryRemove(KeyValuePair.Create(container.ID, copy));
            throw;
        }
    }

    /// <summary>The container is gone: its copy back is no longer asked for.</summary>
    public void Forget(string idOrName)
    {
        foreach (var (id, copy) in _copiedBack)
            if (id == idOrName || copy.Name == idOrName) _copiedBack.TryRemove(id, out _);
    }

    /// <summary>The job's volumes and containers are gone.</summary>
    public void ForgetJob(string jobId)
    {
        foreach (var (volume, filled) in _filled)
            if (filled.JobId == jobId) _filled.TryRemove(volume, out _);
        foreach (var (id, copy) in _copiedBack)
            if (copy.JobId == jobId) _copiedBack.TryRemove(id, out _);
    }

    private async Task CopyEachAsync(string id, string job, IReadOnlyList<Mount> mounts, CancellationToken ct)
    {
        foreach (var mount in mounts)
        {
            await FolderCopyBack.CopyAsync(docker, node, CopiedMountPlan.VolumeName(job, mount.HostPath), id, mount, ct);
            // The volume and the host folder hold the same again: the next step of the job uses the volume as it is.
            _filled[CopiedMountPlan.VolumeName(job, mount.HostPath)] = (job, FolderTime(mount.HostPath));
        }
    }

    /// <summary>
    /// What tells a host folder's states apart between two steps: cion changes it only by making it anew or by
    /// removing what it holds, and either changes the folder's own time. Null: there is none.
    /// </summary>
    private static DateTime? FolderTime(string path) => Directory.Exists(path) ? Directory.GetLastWriteTimeUtc(path) : null;

    private async Task PutFileAsync(string id, Mount file, CancellationToken ct)
    {
        var above = new List<string>();
        var folder = Path.GetDirectoryName(file.ContainerPath) ?? "/";
        while (folder != "/" && !await ExistsInAsync(id, folder, ct))
        {
            above.Insert(0, Path.GetFileName(folder));
            folder = Path.GetDirectoryName(folder) ?? "/";
        }
        var folders = above.Select((_, i) => string.Join('/', above.Take(i + 1))).ToList();
        var name = string.Join('/', [.. above, Path.GetFileName(file.ContainerPath)]);
        await TarPut.IntoAsync(docker, id, folder, (tar, _) => TarCopy.WriteFile(file.HostPath, folders, name, tar), ct);
    }

    /// <summary>Whether the volume holds the folder as it is now, and whatever the job's containers wrote to it since.</summary>
    /// <param name="marks">The job's seeding marks: one still there is a filling that was cut short.</param>
    private async Task<FolderState> StateOfAsync(CopiedFolder folder, Lazy<Task<SeedMarks>> marks, CancellationToken ct)
    {
        var time = FolderTime(folder.Mount.HostPath);
        var stamp = await VolumeSeed.StampOfAsync(docker, folder.Volume, ct);
        // Filled or copied back by this daemon: its memory says which state of the folder the volume holds. A
        // restarted daemon: the volume's stamp says which state it was filled from, unless its filling was cut short.
        var filled = stamp is not null && (_filled.TryGetValue(folder.Volume, out var known)
            ? known.Time == time
            : stamp == VolumeSeed.Stamp(time) && !(await marks.Value).Any);
        return new FolderState(folder, time, VolumeExists: stamp is not null, filled);
    }

    private async Task<bool> ExistsInAsync(string id, string path, CancellationToken ct)
    {
        try
        {
            await docker.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = path }, statOnly: true, ct);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }
}
