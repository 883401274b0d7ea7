using Cion.Core.Contract;
using Docker.DotNet.Models;
using Docker.DotNet;

namespace Cion.Core.Containers;

/// <summary>
/// Creates, runs and removes cion's containers, networks and volumes on a Docker engine.
/// Contract: <see cref="RunAsync"/> creates, starts, streams and waits for one container and
/// always removes it, on success, failure, exception and cancellation alike.
/// <see cref="StartDetachedAsync"/> leaves a started container to the caller, who removes it
/// with <see cref="RemoveAsync(string, IEnumerable{NamedVolume}?)"/>. <see cref="RemoveJobResourcesAsync"/> is safe to call at any
/// time, even when nothing was created. All methods are safe to call concurrently for different jobs.
/// Everything created also carries <see cref="Labels.Owner"/> with this daemon's state directory,
/// so a daemon cleaning up at start removes only what it (or its crashed predecessor) made.
/// Every removal ends by its <see cref="CleanupDeadline"/>, whatever the engine does, and reports
/// what it left (<see cref="CleanupReport"/>) rather than throwing for it.
/// </summary>
public sealed class DockerRunner(IDockerClient docker, string owner, CleanupDeadline? deadlines = null)
{
    private readonly DockerCleanup _cleanup = new(docker, deadlines ?? new CleanupDeadline());

    public IDockerClient Client => docker;

    /// <summary>Makes sure the image is present, pulling it when it is not.</summary>
    /// <returns>What the image runs by default, read from the engine's look at it (no extra call when it is present).</returns>
    /// <exception cref="ImageUnavailableException">Not present and the pull failed.</exception>
    public async Task<ImageCommand> EnsureImageAsync(string image, Action<string> log, CancellationToken ct)
    {
        try
        {
            return CommandOf(await docker.Images.InspectImageAsync(image, ct));
        }
        catch (DockerImageNotFoundException)
        {
            log($"image {image} is not present; pulling it");
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, DockerErrors.Text(e));
        }
        var (name, tag) = ImageReference.Split(image);
        string? error = null;
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null,
                new ImmediateProgress<JSONMessage>(m => error ??= m.Error?.Message), ct);
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, DockerErrors.Text(e));
        }
        if (error is not null) throw new ImageUnavailableException(image, error);
        log($"pulled image {image}");
        return CommandOf(await docker.Images.InspectImageAsync(image, ct));
    }

    private static ImageCommand CommandOf(ImageInspectResponse image) =>
        new([.. image.Config?.Entrypoint ?? []], [.. image.Config?.Cmd ?? []]);

    /// <summary>Runs the container to its end, copying stdout and stderr into <paramref name="output"/> as they arrive.</summary>
    /// <returns>The container's exit code.</returns>
    public async Task<long> RunAsync(ContainerSpec spec, Stream output, CancellationToken ct)
    {
        var id = await CreateAsync(spec, ct);
        try
        {
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
            return await FollowToEndAsync(id, output, skipBytes: 0, ct);
        }
        finally
        {
            // Not the caller's token: a cancelled job must still lose its container. What this
            // removal leaves does not hide why the step ended; the job's cleanup removes by label again.
            await RemoveAsync(id);
        }
    }

    /// <summary>Creates and starts a container that runs beside a step; on failure nothing is left.</summary>
    /// <returns>The container's id.</returns>
    public async Task<string> StartDetachedAsync(ContainerSpec spec, CancellationToken ct)
    {
        var id = await CreateAsync(spec, ct);
        try
        {
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct);
            return id;
        }
        catch
        {
            await RemoveAsync(id);
            throw;
        }
    }

    /// <summary>
    /// Copies a started container's output into <paramref name="output"/> until it exits, leaving
    /// out the first <paramref name="skipBytes"/> (what an earlier daemon already wrote), and returns
    /// its exit code. The container is left in place: cancelling only stops the following.
    /// </summary>
    /// <param name="limit">The most the log may hold (what was skipped counts); past it a marker line, then nothing.</param>
    public async Task<long> FollowToEndAsync(string id, Stream output, long skipBytes, CancellationToken ct, long limit = long.MaxValue)
    {
        await ContainerLogCopy.CopyAsync(docker, id, output, skipBytes, limit, ct);
        return (await docker.Containers.WaitContainerAsync(id, ct)).StatusCode;
    }

    /// <summary>The container of this name, or null when there is none.</summary>
    public async Task<ContainerInspectResponse?> FindAsync(string name, CancellationToken ct)
    {
        try { return await docker.Containers.InspectContainerAsync(name, ct); }
        catch (DockerContainerNotFoundException) { return null; }
    }

    /// <summary>The container's output so far (stdout and stderr), for a log when something went wrong.</summary>
    public async Task<string> ReadLogsAsync(string id, CancellationToken ct)
    {
        using var logs = await docker.Containers.GetContainerLogsAsync(id,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "50" }, ct);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(ct);
        return stdout + stderr;
    }

    public async Task<bool> NetworkExistsAsync(string name, CancellationToken ct)
    {
        try
        {
            await docker.Networks.InspectNetworkAsync(name, ct);
            return true;
        }
        catch (DockerNetworkNotFoundException)
        {
            return false;
        }
    }

    public async Task CreateNetworkAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken ct) =>
        await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = name, Driver = "bridge", Labels = Owned(labels),
        }, ct);

    /// <summary>A deadline for a cleanup of several calls (look, then remove); dispose it when done.</summary>
    public CancellationTokenSource StartCleanup() => _cleanup.StartDeadline();

    /// <summary>Removes a container (and the volumes cion made for it) under a deadline of its own; a container already gone is fine.</summary>
    public async Task<CleanupReport> RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes = null)
    {
        using var deadline = _cleanup.StartDeadline();
        return await RemoveAsync(idOrName, volumes, deadline);
    }

    /// <summary>As <see cref="RemoveAsync(string, IEnumerable{NamedVolume}?)"/>, under a deadline from <see cref="StartCleanup"/>.</summary>
    public Task<CleanupReport> RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes, CancellationTokenSource deadline) =>
        _cleanup.RemoveContainerAsync(idOrName, volumes ?? [], deadline);

    /// <summary>Removes every container, network and volume labelled with this job, under a deadline of its own.</summary>
    public Task<CleanupReport> RemoveJobResourcesAsync(string jobId) =>
        _cleanup.RemoveLabelledAsync(JobFilter(jobId), keep: null, $"the containers, networks and volumes labelled {Labels.Job}={jobId}", default);

    /// <summary>At start: removes what this daemon's jobs left, except the jobs still claimed (they are adopted).</summary>
    /// <param name="liveJobIds">Read after the resources are listed, so a job claimed meanwhile counts as live.</param>
    /// <param name="ct">Ends the sweep early (the daemon stopping); what is left waits for the next start.</param>
    public Task<CleanupReport> RemoveLeftoversAsync(Func<IReadOnlySet<string>> liveJobIds, CancellationToken ct = default) =>
        _cleanup.RemoveLabelledAsync(JobFilter(null), liveJobIds, $"the containers, networks and volumes labelled {Labels.Job}", ct);

    private async Task<string> CreateAsync(ContainerSpec spec, CancellationToken ct)
    {
        foreach (var volume in spec.Volumes)
            await docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = volume.Name, Labels = Owned(spec.Labels) }, ct);
        try
        {
            return (await docker.Containers.CreateContainerAsync(ContainerParameters.From(spec with { Labels = Owned(spec.Labels) }), ct)).ID;
        }
        catch (OperationCanceledException)
        {
            // The engine may have created it before the request was abandoned: remove it by name.
            await RemoveAsync(spec.Name, spec.Volumes);
            throw;
        }
    }

    private Dictionary<string, string> Owned(IReadOnlyDictionary<string, string> labels) =>
        new(labels) { [Labels.Owner] = owner };

    private Dictionary<string, IDictionary<string, bool>> JobFilter(string? jobId) => new()
    {
        ["label"] = new Dictionary<string, bool>
        {
            [jobId is null ? Labels.Job : $"{Labels.Job}={jobId}"] = true,
            [$"{Labels.Owner}={owner}"] = true,
        },
    };
}
