using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// What cion-runner asks of its node's engine about its one job: which addresses are the job's
/// containers (the only ones it pipes to), and the removal of everything the job left on the node.
/// Only things labelled with both the job and the owner count, so a runner never touches another
/// job's or another daemon's.
/// </summary>
public sealed class JobOnNode(IDockerClient docker, string jobId, string owner) : IDisposable
{
    private readonly DockerCleanup _cleanup = new(docker, new CleanupDeadline());

    /// <summary>The node's engine at <paramref name="endpoint"/> (<c>unix:///var/run/docker.sock</c>).</summary>
    public static JobOnNode Connect(Uri endpoint, string jobId, string owner) =>
        new(new DockerClientBuilder().WithEndpoint(endpoint).Build(), jobId, owner);

    /// <summary>Whether <paramref name="address"/> is an address of a container of the job, on any of its networks.</summary>
    public async Task<bool> IsJobContainerAsync(IPAddress address, CancellationToken ct)
    {
        var text = address.ToString();
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = Filter() }, ct);
        return containers
            .SelectMany(c => c.NetworkSettings?.Networks?.Values ?? [])
            .Any(n => n.IPAddress == text || n.GlobalIPv6Address == text);
    }

    /// <summary>The volume, if it is one of the job's (both labels); null otherwise, or when there is none.</summary>
    /// <exception cref="EngineRefusedException">The engine refused to say.</exception>
    public Task<NodeVolume?> JobVolumeAsync(string name, CancellationToken ct) => DockerErrors.Refusing(async () =>
    {
        try
        {
            var volume = await docker.Volumes.InspectAsync(name, ct);
            var labels = volume.Labels ?? new Dictionary<string, string>();
            return labels.TryGetValue(Labels.Job, out var job) && job == jobId && labels.TryGetValue(Labels.Owner, out var by) && by == owner
                ? new NodeVolume(volume.Driver ?? "", volume.Options is { Count: > 0 }, volume.Mountpoint ?? "")
                : null;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    });

    /// <summary>Whether a running container mounts the volume (anyone's: a writer the runner must not race).</summary>
    /// <exception cref="EngineRefusedException">The engine refused to list its containers.</exception>
    public Task<bool> IsVolumeInUseAsync(string name, CancellationToken ct) => DockerErrors.Refusing(async () =>
        (await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["volume"] = new Dictionary<string, bool> { [name] = true },
                ["status"] = new Dictionary<string, bool> { ["running"] = true, ["paused"] = true, ["restarting"] = true },
            },
        }, ct)).Count > 0);

    /// <summary>
    /// Asks the engine the two questions a filling asks first, about no volume of the job, and ignores the answers:
    /// a runner's first request to its engine costs it more than the following ones (the client and its connection
    /// being made), and this lets that happen while ciond is still connecting, not while a filling waits on it.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken ct)
    {
        try { await Task.WhenAll(IsVolumeInUseAsync(WarmUpName, ct), JobVolumeAsync(WarmUpName, ct)); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An engine that does not answer now is met again by the first real question, which says why.
        }
    }

    /// <summary>A volume name no job has (a job's are <c>cion-JOBID-copy-HASH</c>): the warm-up's questions change nothing.</summary>
    private const string WarmUpName = "cion-runner-warm-up-none";

    /// <summary>Removes (forced) the job's containers, then its networks and volumes, each under the cleanup deadline.</summary>
    /// <param name="spareContainer">The caller's own container id, kept even if it carries the job's labels.</param>
    public Task<CleanupReport> RemoveAllAsync(string? spareContainer, CancellationToken ct) =>
        _cleanup.RemoveLabelledAsync(Filter(), keep: null, $"the containers, networks and volumes labelled {Labels.Job}={jobId}", ct, spareContainer);

    public void Dispose() => docker.Dispose();

    private Dictionary<string, IDictionary<string, bool>> Filter() => LabelFilter.Job(jobId, owner);
}
