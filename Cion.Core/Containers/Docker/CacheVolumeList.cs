using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>A daemon's layer-cache volumes as the engine reports them: labels, who mounts each, and (on request) sizes.</summary>
internal static class CacheVolumeList
{
    /// <param name="endpoint">Where the engine listens, for its disk usage; null: no sizes.</param>
    public static async Task<IReadOnlyList<CacheVolume>> ListAsync(IDockerClient docker, Uri? endpoint, string owner, string? repo, bool sizes, CancellationToken ct)
    {
        var filter = LabelFilter.AllOf($"{Labels.Owner}={owner}", repo is null ? Labels.CacheRepo : $"{Labels.CacheRepo}={repo}");
        var volumes = (await docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct)).Volumes ?? [];
        // The volume list has no sizes: only the engine's disk usage measures volumes, and it costs a walk of each.
        var measured = sizes && endpoint is not null && volumes.Count > 0 ? await VolumeSizes.ReadAsync(endpoint, ct) : [];
        var found = new List<CacheVolume>();
        foreach (var volume in volumes)
        {
            // The lease is the container that mounts it, in any state: the engine is the only record.
            var users = await docker.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["volume"] = new Dictionary<string, bool> { [volume.Name] = true } },
            }, ct);
            var user = users.FirstOrDefault();
            var tags = new Dictionary<string, string>(volume.Labels ?? new Dictionary<string, string>());
            found.Add(new CacheVolume(volume.Name, users.Count > 0, LastUsed: null, measured.GetValueOrDefault(volume.Name))
            {
                Repo = tags.GetValueOrDefault(Labels.CacheRepo) ?? "",
                Kind = tags.GetValueOrDefault(Labels.CacheKind) ?? "",
                Ref = tags.GetValueOrDefault(Labels.CacheRef),
                UsedBy = user?.Names?.FirstOrDefault()?.TrimStart('/'),
                UsedByJob = user?.Labels is { } theirs && theirs.TryGetValue(Labels.Job, out var job) ? job : null,
            });
        }
        return found;
    }

    /// <summary>Removes the volume unless a container mounts it: never forced, so a volume leased meanwhile stays with its job.</summary>
    /// <returns>False when it is in use; a volume already gone counts as removed.</returns>
    public static async Task<bool> RemoveIfFreeAsync(IDockerClient docker, string name, CancellationToken ct)
    {
        try
        {
            await docker.Volumes.RemoveAsync(name, force: false, ct);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
