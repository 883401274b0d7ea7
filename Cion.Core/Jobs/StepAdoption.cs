using Cion.Core.Containers;

namespace Cion.Core.Jobs;

/// <summary>What the runner does with a step it reaches, maybe for the second time after a restart.</summary>
public enum StepAdoptionKind
{
    /// <summary>Never started: start its container.</summary>
    Start,
    /// <summary>Its exit is on disk: only the removal of its containers may be left to do.</summary>
    Finished,
    /// <summary>Started, but its container is gone without a recorded exit: run it again from the start, without its old log.</summary>
    RunAgain,
    /// <summary>Its container was created and never started (a crash came between the two): start it.</summary>
    StartCreated,
    /// <summary>Its container runs: follow it for what is left of its time.</summary>
    FollowRunning,
    /// <summary>Its container has exited: follow it, without a limit, only to collect its log and exit code.</summary>
    CollectExited,
}

/// <summary>Pure data: the decision, with what acting on it needs.</summary>
/// <param name="Limit">How long its container may still run, from now; null: no limit (or nothing runs).</param>
/// <param name="Container">The step's container as the engine reported it, when it is adopted.</param>
/// <param name="RecordedExit">The exit code on disk, for <see cref="StepAdoptionKind.Finished"/>.</param>
public sealed record StepAdoptionDecision(StepAdoptionKind Kind, TimeSpan? Limit, ContainerStatus? Container = null, int? RecordedExit = null)
{
    /// <summary>
    /// The step's container is taken over: its services are too, and its log keeps what was
    /// written. Services found for a step that is not adopted were left by a daemon that died
    /// before its step started: they are stopped and started afresh.
    /// </summary>
    public bool AdoptsContainer => Container is not null;
}

/// <summary>
/// Pure: adopt, run again or start a step, from what is on disk (<see cref="State.StepProgress"/>:
/// its recorded exit, whether it was started) and what the engine reports of its container.
/// A daemon that stops leaves its containers running, and one that crashes may stop anywhere;
/// this is what the next one does about it.
/// </summary>
public static class StepAdoption
{
    /// <param name="container">The step's container as the engine has it, or null when there is none (or it was not asked: the exit is recorded).</param>
    /// <param name="timeout">The step's whole time limit.</param>
    public static StepAdoptionDecision Decide(int? recordedExit, bool wasStarted, ContainerStatus? container, TimeSpan timeout, DateTimeOffset now)
    {
        if (recordedExit is { } exit) return new(StepAdoptionKind.Finished, Limit: null, RecordedExit: exit);
        if (container is null) return new(wasStarted ? StepAdoptionKind.RunAgain : StepAdoptionKind.Start, timeout);
        if (container.State == ContainerStatus.Created) return new(StepAdoptionKind.StartCreated, timeout, container);
        if (!container.Running) return new(StepAdoptionKind.CollectExited, Limit: null, container);
        // The time it already ran counts; an engine that does not say since when gives it the whole limit again.
        var left = container.StartedAt is { } since ? timeout - (now - since) : timeout;
        return new(StepAdoptionKind.FollowRunning, left > TimeSpan.Zero ? left : TimeSpan.Zero, container);
    }
}
