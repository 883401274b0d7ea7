using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Makes a job's volume hold a host folder's content on an engine that cannot see the folder: an empty volume,
/// filled through the archive API into a helper container that mounts it and is never started (so the image
/// needs no shell or tar of its own; the spec's image is there already), then the helper goes.
/// </summary>
internal static class VolumeSeed
{
    private const string SeedPath = "/cion-seed";

    public static async Task SeedAsync(IDockerClient docker, DockerCleanup cleanup, CopiedFolder folder, string image,
        IDictionary<string, string> labels, CancellationToken ct)
    {
        var helperName = $"{folder.Volume}-seed";
        // What an earlier daemon left under these names may be half filled, or stale: start from nothing.
        using (var deadline = cleanup.StartDeadline())
        {
            var left = await cleanup.RemoveContainerAsync(helperName, [new NamedVolume(folder.Volume, SeedPath)], deadline);
            if (!left.Complete) throw new EngineRefusedException(left.DescribeLeft(), left.DescribeLeft(), left.DescribeLeft());
        }
        await docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = folder.Volume, Labels = labels }, ct);
        if (!Directory.Exists(folder.Mount.HostPath)) return; // a missing folder is an empty one, as a bind mount makes it
        var helper = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = helperName,
            Image = image,
            // Never run: an entrypoint is only needed because the engine refuses an image that has none.
            Entrypoint = ["/cion-never-started"],
            Labels = labels,
            HostConfig = new HostConfig { Binds = [$"{folder.Volume}:{SeedPath}:rw,nocopy"] },
        }, ct);
        try
        {
            await TarPut.IntoAsync(docker, helper.ID, SeedPath, (tar, stop) => TarCopy.WriteFolder(folder.Mount.HostPath, tar, stop), ct);
        }
        finally
        {
            // What this leaves carries the job's label: the job's cleanup removes it.
            using var deadline = cleanup.StartDeadline();
            await cleanup.RemoveContainerAsync(helper.ID, [], deadline);
        }
    }
}
