namespace Cion.Core.Jobs;

/// <summary>What can happen to a job; <see cref="JobTransitions"/> says where each leads.</summary>
public enum JobEvent
{
    Started,
    StepsSucceeded,
    StepFailed,
    CouldNotRun,
    Cancelled,
    /// <summary>The daemon stops and leaves the job's containers running for its next start.</summary>
    Detached,
}
