namespace Cion.Core.Config;

/// <summary>
/// The server's configuration (<c>/etc/cion/cion.yml</c>). Every key has a default,
/// so an empty mapping is a valid file. Paths are absolute once loaded.
/// </summary>
public sealed record ServerConfig
{
    public const string DefaultPath = "/etc/cion/cion.yml";
    public const string PathVariable = "CION_CONFIG";
    public const string DefaultDindImage = "docker:dind";
    public const string DefaultDindRootlessImage = "docker:dind-rootless";

    /// <summary>The file this was read from, absolute; shown in messages and baked into installed hooks.</summary>
    public string SourceFile { get; init; } = DefaultPath;

    public string Spool { get; init; } = "/var/spool/cion";
    public string State { get; init; } = "/var/lib/cion";
    public IReadOnlyList<string> Repos { get; init; } = ["/srv/git"];
    /// <summary>The engine that runs the jobs' containers, or with <c>runner: swarm</c> the Swarm manager that places them.</summary>
    public string Docker { get; init; } = "unix:///var/run/docker.sock";
    /// <summary>Where jobs run: on the <see cref="Docker"/> engine itself, or on the nodes of the Swarm it manages.</summary>
    public RunnerKind Runner { get; init; } = RunnerKind.Local;
    /// <summary>How a job is placed and run on the Swarm (<c>swarm:</c>); read, but unused, with <c>runner: local</c>.</summary>
    public SwarmSettings Swarm { get; init; } = SwarmSettings.Default;
    public int Concurrency { get; init; } = 2;
    public string Log { get; init; } = "/var/log/cion";
    public string DindImage { get; init; } = DefaultDindImage;
    /// <summary>The rootless engine's image: a non-root USER and an entrypoint that runs <c>dockerd …</c> inside rootlesskit.</summary>
    public string DindRootlessImage { get; init; } = DefaultDindRootlessImage;
    public EngineProfile DindProfile { get; init; } = EngineProfile.Auto;
    /// <summary>Extra arguments for each per-job dockerd (registry mirrors, insecure registries, MTU).</summary>
    public IReadOnlyList<string> DindArgs { get; init; } = [];
    /// <summary>How long a per-job engine may take to answer before the job ends in error.</summary>
    public int DindReadySeconds { get; init; } = 60;
    /// <summary>Images copied from the host's engine into each per-job engine before the step starts; refused with <c>runner: swarm</c>.</summary>
    public IReadOnlyList<string> DindPreload { get; init; } = [];
    /// <summary>
    /// Globs of repository names allowed a root engine or a privileged service, either of which can
    /// take over the host. None by default: the engine every repository gets is the rootless one, where
    /// the host allows it; where it does not, the daemon's log and each refused job's cion.log say what to set.
    /// </summary>
    public IReadOnlyList<string> DindTrusted { get; init; } = [];
    /// <summary>Which jobs share a per-job engine's data root between jobs: a repository's (the default), a ref's, or none.</summary>
    public CacheScope DindCache { get; init; } = CacheScope.Repo;
    /// <summary>How many cache volumes one scope and engine kind may have; null: <see cref="Concurrency"/>.</summary>
    public int? DindCacheVolumes { get; init; }
    /// <summary>The most one repository's cache volumes may hold together (least recently used removed first); null: no bound.</summary>
    public long? DindCacheMaxSize { get; init; }

    /// <summary>The cache volumes per scope and kind in effect: as many as jobs can run at once, unless set.</summary>
    public int CacheVolumes => DindCacheVolumes ?? Concurrency;
    /// <summary>Engines kept started and waiting on a free cache volume, over all repositories (<c>dind.warm.max</c>); 0: none, always with <c>runner: swarm</c>.</summary>
    public int DindWarmMax { get; init; } = 2;
    /// <summary>How long a warm engine waits for a job before it is stopped (<c>dind.warm.idle</c>).</summary>
    public TimeSpan DindWarmIdle { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a step may run when its <c>.cion.yml</c> gives no <c>timeout</c>.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan ReleaseTimeout { get; init; } = TimeSpan.FromHours(1);
    /// <summary>How long <c>git push -o cion.wait</c> follows a job before it says where to look instead.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Retention: keep at most this many runs per repo (null: all).</summary>
    public int? KeepRuns { get; init; }
    /// <summary>Retention: remove runs older than this many days (null: never).</summary>
    public int? KeepDays { get; init; }
    /// <summary>Retention never removes the builds of an environment's last this many successful deployments (<c>keep.deployments</c>).</summary>
    public int KeepDeployments { get; init; } = 5;

    /// <summary>Where the per-repo secrets files live: <c>SECRETS/REPO.env</c>.</summary>
    public string Secrets { get; init; } = "/etc/cion/secrets";

    /// <summary>
    /// Who may release to which environment of which repositories (<c>environments:</c>). Empty: no rule,
    /// and the pushed <c>.cion.yml</c> alone decides which branches release where.
    /// </summary>
    public IReadOnlyList<EnvironmentRule> Environments { get; init; } = [];

    /// <summary>The most a step's log keeps; past it a marker line says what was dropped.</summary>
    public long LogLimit { get; init; } = 50L << 20;

    /// <summary>Whether a repository's <c>.cion.yml</c> may ask for a privileged service.</summary>
    public bool ServicesAllowPrivileged { get; init; }

    /// <summary>Where cion-web listens: <c>HOST:PORT</c>. Loopback by default: put a reverse proxy with login in front.</summary>
    public string WebListen { get; init; } = WebSettings.DefaultListen;

    /// <summary>The sub-path cion-web is served under behind a reverse proxy (<c>/ci</c>), or empty.</summary>
    public string WebBasePath { get; init; } = "";

    /// <summary>The address people open cion-web at (<c>web.url</c>), base path included; null: notifications get no <c>CION_URL</c>.</summary>
    public string? WebUrl { get; init; }

    /// <summary>Notifications run after every job of every repository, besides the repository's own (<c>notify:</c>).</summary>
    public IReadOnlyList<NotifyConfig> Notify { get; init; } = [];

    /// <summary>
    /// Where ciond also writes its Prometheus metrics, for node_exporter's textfile collector (<c>metrics.textfile</c>);
    /// null: only the copy in the state directory, which cion-web serves at <c>/metrics</c>.
    /// </summary>
    public string? MetricsTextFile { get; init; }
}
