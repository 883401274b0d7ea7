using Cion.Core.Jobs;

namespace Cion.Core.Scheduling;

/// <summary>What a starting daemon does with a job an earlier daemon left claimed in <c>spool/cur</c>.</summary>
public enum ClaimedJobAction
{
    /// <summary>The run already ended (the daemon died before dropping the claim): remove the claim, run nothing.</summary>
    CompleteClaim,

    /// <summary>Take the job over and finish it from where it was; its containers may still run.</summary>
    Adopt,
}

/// <summary>Pure: adopt a claimed job or only complete its claim, from the status its run records.</summary>
public static class AdoptionDecision
{
    /// <param name="status">The run's status file, or null when it has none yet (the daemon died before the first write).</param>
    public static ClaimedJobAction For(JobState? status) =>
        status is { } state && state.IsFinal() ? ClaimedJobAction.CompleteClaim : ClaimedJobAction.Adopt;
}
