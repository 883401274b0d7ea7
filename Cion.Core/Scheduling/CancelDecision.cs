namespace Cion.Core.Scheduling;

/// <summary>What a cancel request leads to, once its owner is judged allowed to ask.</summary>
public enum CancelAction
{
    /// <summary>Not a job of this daemon (finished, never queued, or another daemon's): forget the request.</summary>
    DropRequest,

    /// <summary>Flip the running job's cancel switch: its containers go at once and it ends as cancelled.</summary>
    StopRunning,

    /// <summary>Claim the waiting job and record it as cancelled without ever starting it.</summary>
    CancelQueued,
}

/// <summary>Pure: what to do with <c>cancel/JOB_ID</c>, from where this daemon holds the job.</summary>
public static class CancelDecision
{
    /// <remarks>Running wins over waiting: a running job is never in <c>new/</c>, but if it were, stopping it is what the user asked.</remarks>
    public static CancelAction For(bool isRunning, bool isWaiting) =>
        isRunning ? CancelAction.StopRunning
        : isWaiting ? CancelAction.CancelQueued
        : CancelAction.DropRequest;
}
