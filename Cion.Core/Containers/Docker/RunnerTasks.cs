using Cion.Core.Swarm;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>Swarm's view of a runner's task and its node, in cion's words.</summary>
internal static class RunnerTasks
{
    /// <summary>The label on a runner's container that says which port it listens on (on its node's network).</summary>
    public const string PortLabel = "cion.runner.port";

    /// <summary>A service Swarm has made no task for yet.</summary>
    public static readonly RunnerTask NoTaskYet = new(RunnerPhase.Waiting, "new", "no task yet", null, null, null, null, null);

    /// <summary>A service's newest task: the one that says what became of it (Swarm may have made more than one).</summary>
    public static TaskResponse? Newest(IEnumerable<TaskResponse> tasks) => tasks.MaxBy(t => t.CreatedAt ?? DateTime.MinValue);

    public static RunnerTask From(TaskResponse task, NodeListResponse? node)
    {
        var state = task.Status?.State ?? TaskState.New;
        var phase = state switch
        {
            TaskState.Running => RunnerPhase.Running,
            TaskState.Complete or TaskState.Shutdown or TaskState.Failed or TaskState.Rejected or TaskState.Remove or TaskState.Orphaned => RunnerPhase.Ended,
            _ => RunnerPhase.Waiting,
        };
        var message = FirstOf(task.Status?.Err, task.Status?.Message);
        int? port = task.Spec?.ContainerSpec?.Labels?.TryGetValue(PortLabel, out var text) == true && int.TryParse(text, out var p) ? p : null;
        return new RunnerTask(phase, state.ToString().ToLowerInvariant(), message, NullIfEmpty(task.NodeID), node?.Description?.Hostname,
            NullIfEmpty(node?.Status?.Addr), port, NodeDown(node))
        {
            ExitCode = phase == RunnerPhase.Ended ? task.Status?.ContainerStatus?.ExitCode : null,
        };
    }

    /// <summary>Why the node cannot run the task any more, or null while it can.</summary>
    private static string? NodeDown(NodeListResponse? node) => node switch
    {
        null => null,
        { Status.State: "down" or "disconnected" } => $"is {node.Status.State}" + (string.IsNullOrEmpty(node.Status.Message) ? "" : $" ({node.Status.Message})"),
        { Spec.Availability: "drain" } => "was drained",
        _ => null,
    };

    private static string FirstOf(params string?[] texts) => texts.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "";

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
