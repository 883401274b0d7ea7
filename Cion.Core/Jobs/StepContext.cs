using Cion.Core.Containers;
using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>Everything one step of a job runs with: what it runs, where it writes, what it reports to, and when it must stop.</summary>
/// <param name="Name">The step's name (<see cref="Config.StepNames"/>), as <c>progress</c> and cion.log say it.</param>
/// <param name="Services">The services it gets (<see cref="ServicePlan"/>), the job's engine among them.</param>
/// <param name="Timeout">Its whole time limit.</param>
/// <param name="LogPath">The step's own log (<c>build.log</c>, <c>test.log</c>, <c>release.log</c>).</param>
/// <param name="Stopping">The daemon stops: its containers keep running for the next daemon.</param>
/// <param name="Cancel">Ends the step: the daemon stopping or <c>cion cancel</c>.</param>
public sealed record StepContext(
    Job Job, RunPaths Run, string Name, ContainerSpec Container, IReadOnlyList<ServiceSpec> Services, JobNetwork Network,
    TimeSpan Timeout, string LogPath, RunLog Log, PhaseTimer Timer, StepProgress Progress,
    CancellationToken Stopping, CancellationToken Cancel)
{
    /// <summary>No step of the job runs after this one: what only this step used may go after the job ends.</summary>
    public bool Last { get; init; }
}
