using System.Security.Cryptography;
using System.Text;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Pure: how a spec's mounts reach an engine that cannot see this host's paths (issue 16: no shared disks).
/// A folder becomes a volume of the job's, one per host path, shared by the job's containers (build, test and
/// release see one another's writes without another copy); a file is copied into the container before it
/// starts, and never back (cion mounts files read-only: a notification's <c>result</c>); a writable folder goes back
/// to the host when the container exits, as the copy-back label says, unless it is scratch (<see cref="Mount.Scratch"/>).
/// </summary>
/// <param name="Spec">The spec to create: no mounts of host paths, the copy-back label added.</param>
internal sealed record CopiedMountPlan(ContainerSpec Spec, IReadOnlyList<CopiedFolder> Folders, IReadOnlyList<Mount> Files)
{
    /// <param name="isFile">Whether a host path is a file (copied in) rather than a folder (a volume).</param>
    public static CopiedMountPlan For(ContainerSpec spec, Func<string, bool> isFile)
    {
        if (spec.Mounts.Count == 0) return new(spec, [], []);
        // The volume belongs to the job: without its id neither its name nor its cleanup is known.
        if (!spec.Labels.TryGetValue(Labels.Job, out var job))
            throw new InvalidOperationException($"container {spec.Name} has mounts to copy but no {Labels.Job} label");
        var files = spec.Mounts.Where(m => isFile(m.HostPath)).ToList();
        var folders = spec.Mounts.Except(files).Select(m => new CopiedFolder(VolumeName(job, m.HostPath), job, m)).ToList();
        var copyBack = folders.Where(f => f.Mount is { ReadOnly: false, Scratch: false }).Select(f => f.Mount).ToList();
        var labels = new Dictionary<string, string>(spec.Labels);
        if (copyBack.Count > 0) labels[Labels.CopyBack] = CopyBackLabel.Format(copyBack);
        return new(spec with { Mounts = [], Labels = labels }, folders, files);
    }

    /// <summary><c>cion-JOBID-copy-HASH</c>: one volume per job and host folder, whichever container asks first.</summary>
    public static string VolumeName(string jobId, string hostPath)
    {
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(hostPath));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..12];
        return $"cion-{jobId}-copy-{hash}";
    }
}

/// <summary>A folder mount delivered as the job's volume <paramref name="Volume"/>.</summary>
internal sealed record CopiedFolder(string Volume, string JobId, Mount Mount)
{
    /// <summary>
    /// The volume at the mount's path. <c>nocopy</c>: an empty volume must stay empty, as an empty host
    /// folder would be, instead of getting what the image holds at that path.
    /// </summary>
    public string Bind => $"{Volume}:{Mount.ContainerPath}:{(Mount.ReadOnly ? "ro" : "rw")},nocopy";
}
