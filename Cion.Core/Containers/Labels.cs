namespace Cion.Core.Containers;

/// <summary>
/// Labels on everything cion creates in Docker, so anything left behind can be found
/// (<c>docker ps -a --filter label=cion.job</c>) and removed.
/// </summary>
public static class Labels
{
    public const string Job = "cion.job";
    public const string Step = "cion.step";
    public const string Repo = "cion.repo";
    public const string Service = "cion.service";
    /// <summary>The state directory of the daemon that made it: several daemons may share one engine.</summary>
    public const string Owner = "cion.state";

    /// <summary>On a layer-cache volume: the repository it belongs to. Cache volumes never carry <see cref="Job"/>, so no job's cleanup removes them.</summary>
    public const string CacheRepo = "cion.cache.repo";
    /// <summary>On a layer-cache volume: the engine kind whose data root it is (<c>rootless</c>, <c>root</c>).</summary>
    public const string CacheKind = "cion.cache.kind";
    /// <summary>On a layer-cache volume with <c>dind.cache: branch</c>: the ref it belongs to.</summary>
    public const string CacheRef = "cion.cache.ref";

    /// <summary>
    /// On a warm engine (its container, its own network, its own volume if any), with its first name, which its network
    /// and volume share. It never carries
    /// <see cref="Job"/>: a job that takes it renames the container to its own engine's name, which is how the
    /// start-up sweep tells a taken one (kept while its job is claimed) from one still waiting (removed).
    /// </summary>
    public const string Warm = "cion.warm";

    /// <summary>
    /// On a container whose folder mounts are copied (an engine on another machine): which of its folders go back
    /// to this host when it exits, so a restarted daemon that adopts it copies them back too.
    /// </summary>
    public const string CopyBack = "cion.copyback";

    /// <summary>
    /// On a job's copied-folder volume: the host folder's time when the volume was filled from it, so a restarted
    /// daemon knows the volume still holds that state (and what the job's containers wrote since) without copying again.
    /// </summary>
    public const string SeededFrom = "cion.seeded-from";

    /// <summary>
    /// On the marker volume made before a job's copied-folder volumes are filled, and on the helper container that fills
    /// those the runner does not: while either is there, a filling of the job has not finished.
    /// </summary>
    public const string Seeding = "cion.seeding";

    /// <summary>Container names: <c>cion-JOBID-STEP</c>.</summary>
    public static string ContainerName(string jobId, string step) => $"cion-{jobId}-{step}";

    /// <summary>Whether a container of this name is one of the job's: <see cref="ContainerName"/> with any step.</summary>
    public static bool IsJobContainer(string containerName, string jobId) => containerName.StartsWith($"cion-{jobId}-", StringComparison.Ordinal);

    /// <summary>The job's own network: <c>cion-JOBID</c>.</summary>
    public static string NetworkName(string jobId) => $"cion-{jobId}";
}
