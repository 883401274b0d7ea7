namespace Cion.Core.Jobs;

/// <summary>What a release at the gate does next: go (the environment is free, or already its own), or wait.</summary>
public enum ReleaseTurnKind { Go, Wait }

/// <summary>The decision and, for a wait, what it waits for (said once in cion.log).</summary>
public sealed record ReleaseTurnDecision(ReleaseTurnKind Kind, string Why);

/// <summary>
/// Pure: whose turn it is to release to one repo's environment, from what is on disk (the
/// <c>releasing</c> file names the job whose release holds the environment, and that job's status
/// says whether it can still be running) and who else waits in this daemon. A restart cannot lose
/// the turn: the file outlives the daemon, and the job it names is adopted and takes its turn back.
/// </summary>
public static class ReleaseTurn
{
    /// <param name="holder">The job the <c>releasing</c> file names, or null when there is none.</param>
    /// <param name="holderFinished">The holder's status is final, or its run is gone: a file left by a crash after the release ended.</param>
    /// <param name="me">The job asking.</param>
    /// <param name="olderWaiter">The oldest job of this daemon waiting for the same environment, when that is not <paramref name="me"/>: first come, first served.</param>
    public static ReleaseTurnDecision Decide(string? holder, bool holderFinished, string me, string? olderWaiter)
    {
        if (holder == me) return new(ReleaseTurnKind.Go, "this job's release already holds the environment (resumed after a restart)");
        if (holder is not null && !holderFinished) return new(ReleaseTurnKind.Wait, $"job {holder}'s release");
        if (olderWaiter is not null && string.CompareOrdinal(olderWaiter, me) < 0) return new(ReleaseTurnKind.Wait, $"job {olderWaiter}, which was waiting first");
        return new(ReleaseTurnKind.Go, holder is null ? "the environment is free" : $"job {holder} has finished");
    }
}
