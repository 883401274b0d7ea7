using Cion.Core.Config;

namespace Cion.Core.Containers;

/// <summary>The server's settings for per-job Docker engines (<c>dind.*</c> in the server config).</summary>
/// <param name="Image">The root engine's image (<c>dind.image</c>).</param>
public sealed record EngineSettings(string Image, IReadOnlyList<string> Args, TimeSpan ReadyTimeout, IReadOnlyList<string> Preload)
{
    public const int Port = 2375;
    /// <summary>What a step that has an engine finds in DOCKER_HOST: the engine's name on the job network.</summary>
    public static readonly string DockerHost = $"tcp://{ServiceConfig.EngineName}:{Port}";

    /// <summary>The rootless engine's image (<c>dind.rootless_image</c>).</summary>
    public string RootlessImage { get; init; } = ServerConfig.DefaultDindRootlessImage;

    /// <summary>Which jobs share an engine's data root (<c>dind.cache</c>). Off unless the server config says: a test's engine starts empty.</summary>
    public CacheScope Cache { get; init; } = CacheScope.Off;

    /// <summary>The daemon's state directory: in each cache volume's name hash and labels, so daemons sharing an engine never share a cache.</summary>
    public string CacheOwner { get; init; } = "";

    /// <summary>Cache volumes per scope and kind (<c>dind.cache.volumes</c>, default the concurrency).</summary>
    public int CacheVolumes { get; init; } = 1;

    /// <summary>Engines started before a job asks, over all repositories (<c>dind.warm.max</c>). None unless the server config says.</summary>
    public int WarmMax { get; init; }

    /// <summary>How long a warm engine waits for a job before it is stopped (<c>dind.warm.idle</c>).</summary>
    public TimeSpan WarmIdle { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The most one repository's cache volumes may hold together (<c>dind.cache.max_size</c>); null: no bound.</summary>
    public long? CacheMaxSize { get; init; }

    public static EngineSettings From(ServerConfig config) =>
        new(config.DindImage, config.DindArgs, TimeSpan.FromSeconds(config.DindReadySeconds), config.DindPreload)
        {
            RootlessImage = config.DindRootlessImage, Cache = config.DindCache, CacheOwner = config.State, CacheVolumes = config.CacheVolumes,
            WarmMax = config.DindCache == CacheScope.Off ? 0 : config.DindWarmMax, WarmIdle = config.DindWarmIdle,
            CacheMaxSize = config.DindCacheMaxSize,
        };

    /// <summary>
    /// The root dockerd: listening on the job network without TLS (it is reachable only there), plus the
    /// operator's extra arguments. <c>--tls=false</c> also skips dockerd 20.10's deliberate 15 s
    /// wait before it listens on TCP without TLS.
    /// </summary>
    public IReadOnlyList<string> Command =>
        ["dockerd", $"--host=tcp://0.0.0.0:{Port}", "--host=unix:///var/run/docker.sock", "--tls=false", .. Args];

    /// <summary>
    /// The rootless dockerd: no unix socket under /var/run, which its user cannot write, and its data
    /// root named, so that it is the volume cion mounts and never the container's own layer.
    /// </summary>
    public IReadOnlyList<string> RootlessCommand =>
        ["dockerd", $"--host=tcp://0.0.0.0:{Port}", "--tls=false", $"--data-root={EngineContainer.RootlessDataRoot}", .. Args];
}
