namespace Cion.Core.Swarm;

/// <summary>Where a job's runner task stands, as the Swarm manager reports it.</summary>
public enum RunnerPhase
{
    /// <summary>Created, not placed yet, or placed and starting.</summary>
    Waiting,
    /// <summary>Running: its gateway listens at <see cref="RunnerTask.NodeAddress"/>:<see cref="RunnerTask.Port"/>.</summary>
    Running,
    /// <summary>Gone for good: failed, rejected, shut down (node drained or lost), or ended.</summary>
    Ended,
}

/// <summary>A job's runner task: its phase, the node Swarm put it on, and the port its gateway got there.</summary>
/// <param name="State">Swarm's own word for the task's state (<c>pending</c>, <c>running</c>, <c>shutdown</c>…).</param>
/// <param name="Message">Swarm's reason, when it gave one (<c>no suitable node</c>, the task's error).</param>
/// <param name="NodeDown">The node's own state says it is gone (<c>down</c>) or drained: the task cannot be trusted to run on.</param>
public sealed record RunnerTask(RunnerPhase Phase, string State, string Message,
    string? NodeId, string? NodeName, string? NodeAddress, int? Port, string? NodeDown)
{
    /// <summary>The runner's exit code, once its container has ended (<see cref="RunnerExit"/>).</summary>
    public long? ExitCode { get; init; }

    /// <summary>The node, as people read it in result and cion.log.</summary>
    public string NodeText => NodeName ?? NodeId ?? "(not placed)";
}

/// <summary>A node of the swarm, for the cap per node and <c>ciond --check</c>.</summary>
/// <param name="Availability">active, pause or drain.</param>
/// <param name="State">ready, down, unknown.</param>
public sealed record SwarmNode(string Id, string Hostname, string Address, string Availability, string State,
    IReadOnlyDictionary<string, string> Labels, bool Manager);
