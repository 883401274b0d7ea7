namespace Cion.Core.Containers;

/// <summary>
/// The daemon's <see cref="IContainerEngine"/> when jobs run on more than one engine (a Swarm's nodes):
/// each call goes to the engine of the job whose flow makes it (<see cref="EngineRoute"/>), and
/// outside a job (the start's sweep, notifications) to <paramref name="daemonEngine"/>.
/// </summary>
public sealed class RoutedEngine(IContainerEngine daemonEngine) : IContainerEngine, IDisposable
{
    public void Dispose() => (daemonEngine as IDisposable)?.Dispose();

    private static IContainerEngine? Routed => EngineRoute.Current?.Engine;

    private IContainerEngine Target => Routed ?? daemonEngine;

    public Task<ImageCommand> EnsureImageAsync(string image, Action<string> log, CancellationToken ct) => Target.EnsureImageAsync(image, log, ct);
    public Task<string> StartDetachedAsync(ContainerSpec spec, CancellationToken ct) => Target.StartDetachedAsync(spec, ct);
    public Task StartAsync(string id, CancellationToken ct) => Target.StartAsync(id, ct);
    public Task<long> FollowToEndAsync(string id, Stream output, long skipBytes, CancellationToken ct, long limit = long.MaxValue) => Target.FollowToEndAsync(id, output, skipBytes, ct, limit);
    public Task<ContainerStatus?> FindAsync(string nameOrId, CancellationToken ct) => Target.FindAsync(nameOrId, ct);
    public Task<string> ReadLogsAsync(string id, CancellationToken ct) => Target.ReadLogsAsync(id, ct);
    public Task<Stream> ConnectAsync(string ip, int port, CancellationToken ct) => Target.ConnectAsync(ip, port, ct);
    public Task<bool> NetworkExistsAsync(string name, CancellationToken ct) => Target.NetworkExistsAsync(name, ct);
    public Task CreateNetworkAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken ct) => Target.CreateNetworkAsync(name, labels, ct);
    public Task PreloadAsync(string engineAddress, IReadOnlyList<string> images, Action<string> log, CancellationToken ct) => Target.PreloadAsync(engineAddress, images, log, ct);
    public CancellationTokenSource StartCleanup() => Target.StartCleanup();
    public Task<CleanupReport> RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes = null) => Target.RemoveAsync(idOrName, volumes);
    public Task<CleanupReport> RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes, CancellationTokenSource deadline) => Target.RemoveAsync(idOrName, volumes, deadline);
    public Task<IReadOnlyList<CacheVolume>> CacheVolumesAsync(string? repo, bool sizes, CancellationToken ct) => Target.CacheVolumesAsync(repo, sizes, ct);
    public Task<bool> RemoveCacheVolumeAsync(string name, CancellationToken ct) => Target.RemoveCacheVolumeAsync(name, ct);
    public Task EmptyEngineAsync(string engineAddress, Action<string> log, CancellationToken ct) => Target.EmptyEngineAsync(engineAddress, log, ct);
    public Task RenameAsync(string id, string newName, CancellationToken ct) => Target.RenameAsync(id, newName, ct);
    public Task<CleanupReport> RemoveNetworkAsync(string name) => Target.RemoveNetworkAsync(name);
    public Task<CleanupReport> RemoveJobResourcesAsync(string jobId) => Target.RemoveJobResourcesAsync(jobId);
    public Task<CleanupReport> RemoveLeftoversAsync(Func<IReadOnlySet<string>> liveJobIds, CancellationToken ct = default) => Target.RemoveLeftoversAsync(liveJobIds, ct);
}
