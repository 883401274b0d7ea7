namespace Cion.Core.Swarm;

/// <summary>
/// What ciond asks of a Swarm manager: the runner services that hold its jobs' places on nodes.
/// The Docker implementation (<c>Containers/Docker/SwarmManager</c>) is the only code that speaks
/// Swarm's API. Everything it creates carries <see cref="Containers.Labels.Job"/> and this daemon's
/// <see cref="Containers.Labels.Owner"/>; removals end by their cleanup deadline and never throw.
/// </summary>
public interface ISwarmManager : IDisposable
{
    /// <summary>Creates the job's secret and its runner service; on failure nothing is left.</summary>
    Task CreateRunnerAsync(RunnerServiceSpec spec, CancellationToken ct);

    /// <summary>Replaces the placement constraints of a runner not placed yet (a node's cap freed up).</summary>
    Task UpdateConstraintsAsync(string jobId, IReadOnlyList<string> constraints, CancellationToken ct);

    /// <summary>The job's runner task (the newest, if Swarm made more than one), or null when the job has no runner service.</summary>
    Task<RunnerTask?> RunnerTaskAsync(string jobId, CancellationToken ct);

    /// <summary>
    /// Every runner task of this daemon's jobs (each job's newest), by job id, in a few calls however many jobs run:
    /// what one watch over all of them reads. A job without a runner service is not in it.
    /// </summary>
    Task<IReadOnlyDictionary<string, RunnerTask>> RunnerTasksAsync(CancellationToken ct);

    /// <summary>The ports every cion runner service on the swarm listens on, this daemon's or another's.</summary>
    Task<IReadOnlySet<int>> RunnerPortsAsync(CancellationToken ct);

    /// <summary>The jobs this daemon has runner services for.</summary>
    Task<IReadOnlyList<string>> RunnerJobsAsync(CancellationToken ct);

    /// <summary>Removes the job's runner service and secret; gone already is fine. Never throws.</summary>
    /// <returns>What could not be removed, or null.</returns>
    Task<string?> RemoveRunnerAsync(string jobId);

    Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="image"/> once on one node as a one-shot service with <paramref name="command"/>, and removes it:
    /// whether the node can pull and start the image. Null when it ran to its end; else what Swarm said.
    /// </summary>
    /// <param name="folder">A folder of the node's to bind-mount (read-only) as a runner's task does; null: none. A node without it cannot start the task.</param>
    Task<string?> TryImageAsync(string nodeId, string image, IReadOnlyList<string> command, string? folder, TimeSpan timeout, CancellationToken ct);
}
