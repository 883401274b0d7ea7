namespace Cion.Core.Containers;

/// <summary>
/// The one door from cion to a container engine: everything the runner, the services and the
/// cleanup ask of it. The Docker implementation (<c>Docker/DockerEngine</c>) is the only code that
/// speaks the engine's API; another engine is another implementation, not an <c>if</c> in the runner.
/// </summary>
/// <remarks>
/// Promises every implementation keeps:
/// <list type="bullet">
/// <item>Everything it creates (containers, networks, volumes) carries the caller's labels, among
/// them <see cref="Labels.Job"/>, and <see cref="Labels.Owner"/> with this daemon's state directory,
/// so a daemon cleaning up at start removes only what it (or its crashed predecessor) made.</item>
/// <item>Everything is removed: <see cref="StartDetachedAsync"/> leaves nothing when it throws; a
/// started container is the caller's to remove with <see cref="RemoveAsync(string, IEnumerable{NamedVolume}?)"/>;
/// <see cref="RemoveJobResourcesAsync"/> is safe to call at any time, even when nothing was created.</item>
/// <item>Every removal ends by its <see cref="CleanupDeadline"/>, whatever the engine does, and reports
/// what it left (<see cref="CleanupReport"/>) rather than throwing for it. A thing already gone counts as removed.</item>
/// <item>Errors are typed: an image that cannot be had is <see cref="ImageUnavailableException"/>, the
/// engine's refusal of a request is <see cref="EngineRefusedException"/> with the engine's own words,
/// and a container or network that does not exist is an answer (null, false), not an error.
/// An engine that cannot be reached at all throws what the transport throws.</item>
/// </list>
/// All members are safe to call concurrently for different jobs.
/// </remarks>
public interface IContainerEngine
{
    /// <summary>Makes sure the image is present, pulling it when it is not; says in <paramref name="log"/> when it pulls.</summary>
    /// <returns>What the image runs by default (its entrypoint and command).</returns>
    /// <exception cref="ImageUnavailableException">Not present and the pull failed.</exception>
    Task<ImageCommand> EnsureImageAsync(string image, Action<string> log, CancellationToken ct);

    /// <summary>Creates (with its volumes) and starts a container, detached; on failure nothing is left.</summary>
    /// <returns>The container's id.</returns>
    Task<string> StartDetachedAsync(ContainerSpec spec, CancellationToken ct);

    /// <summary>Starts a container that was created and never started (a crash came between the two).</summary>
    Task StartAsync(string id, CancellationToken ct);

    /// <summary>
    /// Copies a started container's output into <paramref name="output"/> until it exits, leaving
    /// out the first <paramref name="skipBytes"/> (what an earlier daemon already wrote), and returns
    /// its exit code. The container is left in place: cancelling only stops the following.
    /// </summary>
    /// <param name="limit">The most the log may hold (what was skipped counts); past it a marker line, then nothing.</param>
    Task<long> FollowToEndAsync(string id, Stream output, long skipBytes, CancellationToken ct, long limit = long.MaxValue);

    /// <summary>The container of this name or id, or null when there is none.</summary>
    Task<ContainerStatus?> FindAsync(string nameOrId, CancellationToken ct);

    /// <summary>The container's last output (stdout and stderr), for cion.log when something went wrong.</summary>
    Task<string> ReadLogsAsync(string id, CancellationToken ct);

    /// <summary>
    /// Opens a TCP connection to a container's address on this engine's networks: a service's port, a per-job
    /// engine's API. On one host that is a plain connection; an engine on another machine tunnels it.
    /// </summary>
    Task<Stream> ConnectAsync(string ip, int port, CancellationToken ct);

    Task<bool> NetworkExistsAsync(string name, CancellationToken ct);

    Task CreateNetworkAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken ct);

    /// <summary>Copies images from this engine into a per-job engine listening at <paramref name="engineAddress"/> (<c>dind.preload</c>).</summary>
    /// <exception cref="ServiceFailedException">The per-job engine would not load them.</exception>
    Task PreloadAsync(string engineAddress, IReadOnlyList<string> images, Action<string> log, CancellationToken ct);

    /// <summary>A deadline for a cleanup of several calls (look, then remove); dispose it when done.</summary>
    CancellationTokenSource StartCleanup();

    /// <summary>Removes a container (and the volumes cion made for it) under a deadline of its own; a container already gone is fine.</summary>
    Task<CleanupReport> RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes = null);

    /// <summary>As <see cref="RemoveAsync(string, IEnumerable{NamedVolume}?)"/>, under a deadline from <see cref="StartCleanup"/>.</summary>
    Task<CleanupReport> RemoveAsync(string idOrName, IEnumerable<NamedVolume>? volumes, CancellationTokenSource deadline);

    /// <summary>
    /// This daemon's layer-cache volumes of one repository (every kind and ref), or of all repositories
    /// when <paramref name="repo"/> is null, each with its labels and whether (and by which container) it is mounted.
    /// <see cref="CacheVolume.LastUsed"/> is not the engine's to know: null.
    /// </summary>
    /// <param name="sizes">Measure each volume (the engine walks them all: slower); false leaves <see cref="CacheVolume.Size"/> 0.</param>
    Task<IReadOnlyList<CacheVolume>> CacheVolumesAsync(string? repo, bool sizes, CancellationToken ct);

    /// <summary>
    /// Removes a layer-cache volume unless a container (in any state) mounts it. Never forced: a volume
    /// leased by a job after the caller looked stays with that job.
    /// </summary>
    /// <returns>False when it is in use; a volume already gone counts as removed.</returns>
    Task<bool> RemoveCacheVolumeAsync(string name, CancellationToken ct);

    /// <summary>
    /// Removes every container, volume and network inside the per-job engine at <paramref name="engineAddress"/>
    /// (an engine on a layer cache: images and build cache stay), so its job starts with none.
    /// </summary>
    /// <exception cref="ServiceFailedException">The engine refused.</exception>
    Task EmptyEngineAsync(string engineAddress, Action<string> log, CancellationToken ct);

    /// <summary>Renames a container (a warm engine a job takes gets the job's engine's name, by which a restarted daemon finds it).</summary>
    Task RenameAsync(string id, string newName, CancellationToken ct);

    /// <summary>Removes a network cion made, under a deadline of its own; one already gone is fine.</summary>
    Task<CleanupReport> RemoveNetworkAsync(string name);

    /// <summary>Removes every container, network and volume labelled with this job (and this owner), under a deadline of its own.</summary>
    Task<CleanupReport> RemoveJobResourcesAsync(string jobId);

    /// <summary>
    /// At start: removes what this daemon's jobs left, except the jobs still claimed (they are adopted), and every
    /// warm engine (<see cref="Labels.Warm"/>) but those a claimed job took.
    /// </summary>
    /// <param name="liveJobIds">Read after the resources are listed, so a job claimed meanwhile counts as live.</param>
    /// <param name="ct">Ends the sweep early (the daemon stopping); what is left waits for the next start.</param>
    Task<CleanupReport> RemoveLeftoversAsync(Func<IReadOnlySet<string>> liveJobIds, CancellationToken ct = default);
}
