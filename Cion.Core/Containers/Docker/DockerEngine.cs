using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// <see cref="IContainerEngine"/> on a Docker engine, through Docker.DotNet: the only place cion
/// speaks Docker's API. The engine's errors leave as cion's types (<see cref="DockerErrors.Refused"/>),
/// so no caller needs to know the client library.
/// </summary>
/// <param name="endpoint">Where the engine listens, for the few calls the client library cannot make (volume sizes); null: sizes unknown (0).</param>
/// <param name="connect">How to reach an address on the engine's networks; null: directly, the engine being on this host.</param>
/// <param name="copiedMounts">
/// The engine is on another machine and cannot see this host's paths: every <see cref="Mount"/> is copied instead of
/// bind-mounted (<see cref="CopiedMounts"/>): folders into volumes of the job's, filled once and shared by its containers;
/// files into the container; writable folders back into the host folder when the container exits
/// (<see cref="FollowToEndAsync"/>). False: bind mounts, as always.
/// </param>
/// <param name="warmEngines">Whether the engine may hold warm engines a job took (<see cref="Labels.Warm"/>): a Swarm node's never does.</param>
public sealed class DockerEngine(IDockerClient docker, string owner, CleanupDeadline? deadlines = null, Uri? endpoint = null,
    AddressConnector? connect = null, bool copiedMounts = false, INodeVolumes? nodeVolumes = null, bool warmEngines = true) : IContainerEngine, IDisposable
{
    private readonly DockerCleanup _cleanup = new(docker, deadlines ?? new CleanupDeadline());
    private readonly AddressConnector _connect = connect ?? AddressConnector.Direct;
    private HttpClient? _addresses;
    private CopiedMounts? _copies;
    private CopiedMounts? Copies => copiedMounts ? LazyInitializer.EnsureInitialized(ref _copies, () => new CopiedMounts(docker, _cleanup, owner, nodeVolumes)) : null;

    /// <summary>HTTP to the engine's containers (a per-job engine's API), through <see cref="ConnectAsync"/>.</summary>
    private HttpClient Addresses => LazyInitializer.EnsureInitialized(ref _addresses, () => _connect.HttpClient());

    /// <summary>Connects to the engine at <paramref name="endpoint"/> (<c>unix:///var/run/docker.sock</c>); disposing the engine closes the connection.</summary>
    /// <param name="owner">This daemon's state directory: the <see cref="Labels.Owner"/> on everything it creates.</param>
    /// <param name="copiedMounts">Copy mounts instead of bind-mounting them: the engine is on another machine.</param>
    /// <param name="nodeVolumes">Fills and reads the job's volumes beside the engine (copied mounts only); null: through the engine.</param>
    public static DockerEngine Connect(Uri endpoint, string owner, CleanupDeadline? deadlines = null, AddressConnector? connect = null,
        bool copiedMounts = false, INodeVolumes? nodeVolumes = null) =>
        new(new DockerClientBuilder().WithEndpoint(endpoint).Build(), owner, deadlines, endpoint, connect, copiedMounts, nodeVolumes);

    /// <summary>
    /// Connects to an engine that only <paramref name="open"/> reaches (a Swarm node's engine, through its runner's
    /// link). The client keeps its connections open between calls (HTTP keep-alive): each new one costs the link
    /// a TLS handshake, which a job's hundred calls would otherwise pay a hundred times.
    /// </summary>
    /// <param name="socket">The same engine as a unix socket, for the few calls the client library cannot make (volume sizes).</param>
    /// <param name="nodeVolumes">Fills and reads the job's volumes on the node itself (copied mounts only); null: through the engine.</param>
    public static DockerEngine ConnectThrough(Func<CancellationToken, Task<Stream>> open, Uri socket, string owner, CleanupDeadline? deadlines,
        AddressConnector connect, bool copiedMounts, INodeVolumes? nodeVolumes = null)
    {
        var client = new DockerClientBuilder()
            // Never resolved: every connection is the stream open gives.
            .WithEndpoint(new Uri("http://docker.invalid"))
            .WithTransportOptions(new global::Docker.DotNet.NativeHttp.NativeHttpTransportOptions
            {
                ConfigureHandler = handler => handler.ConnectCallback = async (_, ct) => await open(ct),
            })
            .Build();
        // Warm engines are the daemon's own engine's (dind.warm is 0 with runner: swarm): a node has none to look for.
        return new DockerEngine(client, owner, deadlines, socket, connect, copiedMounts, nodeVolumes, warmEngines: false);
    }

    public Task<Stream> ConnectAsync(string ip, int port, CancellationToken ct) => _connect.ConnectAsync(ip, port, ct);

    public Task<ImageCommand> EnsureImageAsync(string image, Action<string> log, CancellationToken ct) =>
        DockerErrors.Refusing(() => ImagePull.EnsureAsync(docker, image, log, ct));

    /// <summary>Runs the container to its end, copying stdout and stderr into <paramref name="output"/> as they arrive, and always removes it.</summary>
    /// <returns>The container's exit code.</returns>
    public Task<long> RunAsync(ContainerSpec spec, Stream output, CancellationToken ct) => DockerErrors.Refusing(async () =>
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
    });

    public Task<string> StartDetachedAsync(ContainerSpec spec, CancellationToken ct) => DockerErrors.Refusing(async () =>
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
    });

    public Task StartAsync(string id, CancellationToken ct) =>
        DockerErrors.Refusing(() => docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct));

    public Task<long> FollowToEndAsync(string id, Stream output, long skipBytes, CancellationToken ct, long limit = long.MaxValue) => DockerErrors.Refusing(async () =>
    {
        await ContainerLogCopy.CopyAsync(docker, id, output, skipBytes, limit, ct);
        var exit = (await docker.Containers.WaitContainerAsync(id, ct)).StatusCode;
        if (Copies is { } copies) await copies.CopyBackAsync(id, ct);
        return exit;
    });

    public Task<ContainerStatus?> FindAsync(string nameOrId, CancellationToken ct) => DockerErrors.Refusing(async () =>
    {
        try { return DockerStatus.From(await docker.Containers.InspectContainerAsync(nameOrId, ct)); }
        catch (DockerContainerNotFoundException) { return null; }
    });

    public Task<string> ReadLogsAsync(string id, CancellationToken ct) => DockerErrors.Refusing(async () =>
    {
        using var logs = await docker.Containers.GetContainerLogsAsync(id,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "50" }, ct);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(ct);
        return stdout + stderr;
    });

    public Task<bool> NetworkExistsAsync(string name, CancellationToken ct) => DockerErrors.Refusing(async () =>
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
    });

    public Task CreateNetworkAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken ct) =>
        DockerErrors.Refusing(() => docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = name, Driver = "bridge", Labels = Owned(labels),
        }, ct));

    public Task PreloadAsync(string engineAddress, IReadOnlyList<string> images, Action<string> log, CancellationToken ct) =>
        DockerErrors.Refusing(() => EnginePreload.CopyAsync(docker, Addresses, engineAddress, images, log, ct));

    public Task EmptyEngineAsync(string engineAddress, Action<string> log, CancellationToken ct) =>
        EngineReset.EmptyAsync(Addresses, engineAddress, log, ct);

    public CancellationTokenSource StartCleanup() => _cleanup.StartDeadline();

    public async Task<CleanupReport> RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes = null)
    {
        using var deadline = _cleanup.StartDeadline();
        return await RemoveAsync(idOrName, volumes, deadline);
    }

    public Task<CleanupReport> RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes, CancellationTokenSource deadline)
    {
        Copies?.Forget(idOrName);
        // A cache volume outlives its engine: removing the container is what gives it back.
        return _cleanup.RemoveContainerAsync(idOrName, (volumes ?? []).Where(v => !v.IsCache), deadline);
    }

    public Task<IReadOnlyList<CacheVolume>> CacheVolumesAsync(string? repo, bool sizes, CancellationToken ct) =>
        DockerErrors.Refusing(() => CacheVolumeList.ListAsync(docker, endpoint, owner, repo, sizes, ct));

    public Task<bool> RemoveCacheVolumeAsync(string name, CancellationToken ct) =>
        DockerErrors.Refusing(() => CacheVolumeList.RemoveIfFreeAsync(docker, name, ct));

    public Task RenameAsync(string id, string newName, CancellationToken ct) =>
        DockerErrors.Refusing(() => docker.Containers.RenameContainerAsync(id, new ContainerRenameParameters { NewName = newName }, ct));

    public async Task<CleanupReport> RemoveNetworkAsync(string name)
    {
        using var deadline = _cleanup.StartDeadline();
        return await _cleanup.RemoveNetworkAsync(name, deadline);
    }

    public async Task<CleanupReport> RemoveJobResourcesAsync(string jobId)
    {
        // The job's copied folders are volumes labelled like its containers: they go with them.
        Copies?.ForgetJob(jobId);
        var labelled = await _cleanup.RemoveLabelledAsync(JobFilter(jobId), keep: null, $"the containers, networks and volumes labelled {Labels.Job}={jobId}", default);
        // A warm engine the job took carries no job label, only the job's name. An engine that left the job's own
        // things (silent, refusing) is not asked again: the next start's sweep finds the warm ones too.
        if (!labelled.Complete || !warmEngines) return labelled;
        var taken = await _cleanup.RemoveWarmAsync(OwnedFilter(Labels.Warm), name => !Labels.IsJobContainer(name, jobId), sweep: false, default);
        return labelled.And(taken);
    }

    public async Task<CleanupReport> RemoveLeftoversAsync(Func<IReadOnlySet<string>> liveJobIds, CancellationToken ct = default)
    {
        var labelled = await _cleanup.RemoveLabelledAsync(JobFilter(null), liveJobIds, $"the containers, networks and volumes labelled {Labels.Job}", ct);
        // Waiting ones are started again by the new daemon; taken ones stay while their job is claimed.
        if (!labelled.Complete) return labelled;
        var live = liveJobIds();
        var warm = await _cleanup.RemoveWarmAsync(OwnedFilter(Labels.Warm), name => live.Any(job => Labels.IsJobContainer(name, job)), sweep: true, ct);
        return labelled.And(warm);
    }

    public void Dispose()
    {
        _addresses?.Dispose();
        docker.Dispose();
    }

    private async Task<string> CreateAsync(ContainerSpec spec, CancellationToken ct)
    {
        foreach (var volume in spec.Volumes)
            // Creating a cache volume that exists already is a no-op that keeps its layers and labels.
            await docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = volume.Name, Labels = Owned(volume.CacheLabels ?? spec.Labels) }, ct);
        var copied = Copies is { } copies ? await copies.PrepareAsync(spec, ct) : null;
        try
        {
            var parameters = ContainerParameters.From((copied?.Spec ?? spec) with { Labels = Owned((copied?.Spec ?? spec).Labels) });
            foreach (var folder in copied?.Folders ?? []) parameters.HostConfig!.Binds.Add(folder.Bind);
            var id = (await docker.Containers.CreateContainerAsync(parameters, ct)).ID;
            if (copied is not null) await Copies!.PutFilesAsync(id, copied, ct);
            return id;
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

    private Dictionary<string, IDictionary<string, bool>> OwnedFilter(string label) => LabelFilter.AllOf(label, $"{Labels.Owner}={owner}");

    private Dictionary<string, IDictionary<string, bool>> JobFilter(string? jobId) => LabelFilter.Job(jobId, owner);
}
