namespace Cion.Core.Config;

/// <summary>
/// The server config's <c>swarm:</c> map: how jobs run when <c>runner: swarm</c> (ignored otherwise).
/// Each job becomes a one-shot Swarm service on the <c>docker</c> manager whose task, cion's runner,
/// drives its node's engine for ciond; Swarm chooses the node among those the constraints allow.
/// </summary>
public sealed record SwarmSettings
{
    /// <summary>Shared by every default, so two configs that leave <c>swarm:</c> out compare equal.</summary>
    public static readonly IReadOnlyList<string> DefaultConstraints = ["node.labels.cion==runner"];

    public static readonly SwarmSettings Default = new();

    /// <summary>The runner's image when <c>swarm.runner_image</c> is not set: this version of cion's, from a registry the nodes reach.</summary>
    public static string DefaultRunnerImage => $"cion/runner:{CionVersion.Current}";

    /// <summary>Swarm placement constraints, each <c>A==B</c> or <c>A!=B</c>; a node must match all of them.</summary>
    public IReadOnlyList<string> Constraints { get; init; } = DefaultConstraints;

    /// <summary>The most jobs one node runs at once: ciond keeps nodes at the cap out with <c>node.id!=…</c> constraints.</summary>
    public int MaxJobsPerNode { get; init; } = 2;

    /// <summary>Whether a job whose node was lost mid-job runs again, once, elsewhere; otherwise it ends in error naming the node.</summary>
    public bool RetryLost { get; init; }

    /// <summary>The image of cion's runner, the task on the node that drives its engine for ciond.</summary>
    public string RunnerImage { get; init; } = DefaultRunnerImage;

    /// <summary>The port the runner listens on inside its task; the node publishes it in host mode on a port of its choosing.</summary>
    public int RunnerPort { get; init; } = 7700;

    /// <summary>
    /// The nodes' engines' volumes folder (<c>DockerRootDir</c>/volumes), mounted into each runner so it fills and reads
    /// its job's volumes itself, without the engine's archive calls; null (<c>none</c>): through the engine only.
    /// Every node must have it: Swarm refuses to start a task whose bind mount's folder is missing.
    /// </summary>
    public string? NodeVolumes { get; init; } = DefaultNodeVolumes;

    public const string DefaultNodeVolumes = "/var/lib/docker/volumes";

    /// <summary>CPUs Swarm reserves on a node for each job (<c>reserve.cpus</c>, such as 0.5); null: none.</summary>
    public double? ReserveCpus { get; init; }

    /// <summary>Memory in bytes Swarm reserves on a node for each job (<c>reserve.memory</c>, such as 512M); null: none.</summary>
    public long? ReserveMemory { get; init; }

    /// <summary>How long a job may wait for Swarm to start its runner (no node free, image pulling) before it ends in error.</summary>
    public TimeSpan PlaceTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
