using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers;

/// <summary>
/// Creates, runs and removes cion's containers, networks and volumes on a Docker engine.
/// Contract: <see cref="RunAsync"/> creates, starts, streams and waits for one container and
/// always removes it, on success, failure, exception and cancellation alike.
/// <see cref="StartDetachedAsync"/> leaves a started container to the caller, who removes it
/// with <see cref="RemoveAsync"/>. <see cref="RemoveJobResourcesAsync"/> is safe to call at any
/// time, even when nothing was created. All methods are safe to call concurrently for different jobs.
/// Everything created also carries <see cref="Labels.Owner"/> with this daemon's state directory,
/// so a daemon cleaning up at start removes only what it (or its crashed predecessor) made.
/// </summary>
public sealed class DockerRunner(IDockerClient docker, string owner)
{
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
            throw new ImageUnavailableException(image, ErrorText(e));
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
            throw new ImageUnavailableException(image, ErrorText(e));
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
            // Not the caller's token: a cancelled job must still lose its container. A failed
            // removal must not hide why the step ended; the job's cleanup removes by label again.
            try { await RemoveAsync(id); }
            catch (DockerApiException) { }
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
        await CopyLogsAsync(id, output, skipBytes, limit, ct);
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

    /// <summary>Removes a container (and the volumes cion made for it); a container already gone is fine.</summary>
    public async Task RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes = null)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(idOrName, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone: that is the state we wanted.
        }
        foreach (var volume in volumes ?? []) await docker.Volumes.RemoveAsync(volume.Name, force: true);
    }

    /// <summary>Removes every container, network and volume labelled with this job.</summary>
    /// <returns>How many things were removed.</returns>
    public Task<int> RemoveJobResourcesAsync(string jobId, CancellationToken ct = default) =>
        RemoveLabelledAsync(JobFilter(jobId), keep: null, ct);

    /// <summary>At start: removes what this daemon's jobs left, except the jobs still claimed (they are adopted).</summary>
    /// <param name="liveJobIds">Read after the resources are listed, so a job claimed meanwhile counts as live.</param>
    public Task<int> RemoveLeftoversAsync(Func<IReadOnlySet<string>> liveJobIds, CancellationToken ct = default) =>
        RemoveLabelledAsync(JobFilter(null), liveJobIds, ct);

    /// <param name="keep">Job ids whose things stay, asked for only once everything is listed.</param>
    private async Task<int> RemoveLabelledAsync(Dictionary<string, IDictionary<string, bool>> filter,
        Func<IReadOnlySet<string>>? keep, CancellationToken ct)
    {
        var allContainers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, ct);
        var allNetworks = await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, ct);
        var allVolumes = (await docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, ct)).Volumes ?? [];
        var kept = keep?.Invoke() ?? new HashSet<string>();
        bool remove(IDictionary<string, string>? labels) => !(labels is not null && labels.TryGetValue(Labels.Job, out var job) && kept.Contains(job));
        var containers = allContainers.Where(c => remove(c.Labels)).ToList();
        foreach (var container in containers) await RemoveAsync(container.ID);
        var networks = allNetworks.Where(n => remove(n.Labels)).ToList();
        foreach (var network in networks) await docker.Networks.DeleteNetworkAsync(network.ID, ct);
        var volumes = allVolumes.Where(v => remove(v.Labels)).ToList();
        foreach (var volume in volumes) await docker.Volumes.RemoveAsync(volume.Name, force: true, ct);
        return containers.Count + networks.Count + volumes.Count;
    }

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

    private async Task CopyLogsAsync(string id, Stream output, long skipBytes, long limit, CancellationToken ct)
    {
        var room = limit - skipBytes;
        var truncated = room <= 0;
        using var logs = await docker.Containers.GetContainerLogsAsync(id,
            new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, ct);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, ct);
            if (read.EOF) break;
            // The engine replays the whole log; the part an earlier daemon already wrote is skipped.
            var skip = (int)Math.Min(skipBytes, read.Count);
            skipBytes -= skip;
            if (skip == read.Count || truncated) continue; // past the limit the stream is drained, not kept
            var take = (int)Math.Min(read.Count - skip, room);
            await output.WriteAsync(buffer.AsMemory(skip, take), ct);
            room -= take;
            if (take < read.Count - skip)
            {
                truncated = true;
                await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(
                    $"\n[cion: this log reached its limit of {Config.ByteSize.Format(limit)}; the rest of the output was dropped]\n"), ct);
            }
            // Flush per chunk so 'tail -f build.log' shows output as the step writes it.
            await output.FlushAsync(ct);
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

    /// <summary>The engine's own words for a failure, for cion.log.</summary>
    internal static string ErrorText(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? "";
        if (body.Length == 0) return e.Message;
        // The API wraps its words in {"message": "…"}; the words alone read better in cion.log.
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                return text;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the body as it came.
        }
        return body;
    }
}
