namespace Cion.Core.Jobs;

/// <summary>
/// Pure: which status a job moves to on an event. An impossible move throws, so a bug
/// cannot turn a finished job back into a running one on disk.
/// </summary>
public static class JobTransitions
{
    public static JobState Next(JobState current, JobEvent happened) => (current, happened) switch
    {
        (JobState.Queued, JobEvent.Started) => JobState.Running,
        (JobState.Queued, JobEvent.Cancelled) => JobState.Cancelled,
        (JobState.Queued or JobState.Running, JobEvent.CouldNotRun) => JobState.Error,
        (JobState.Running, JobEvent.StepsSucceeded) => JobState.Succeeded,
        (JobState.Running, JobEvent.StepFailed) => JobState.Failed,
        (JobState.Running, JobEvent.Cancelled) => JobState.Cancelled,
        // The daemon is stopping under a running job: it stays running, and the next start adopts it.
        (JobState.Running, JobEvent.Detached) => JobState.Running,
        _ => throw new InvalidOperationException($"a job that is {current.ToWord()} cannot take the event {happened}"),
    };
}
