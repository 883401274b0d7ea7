using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Scheduling;

/// <summary>
/// Jobs left claimed in <c>cur/</c> by a daemon that stopped or died: their containers may
/// still run. Each is adopted (whatever the concurrency: its containers exist already) and
/// finished from where it was; one a live daemon holds is left alone, and one ciond never
/// took in is set aside (<see cref="JobIntake.TakeClaimed"/>).
/// </summary>
public sealed class AbandonedJobs(SpoolLayout spool, SpoolQueue queue, JobIntake intake, FileStateStore store, ILogger<AbandonedJobs> logger)
{
    /// <summary>Once at start, after the leftover sweep and before the first dispatch.</summary>
    /// <param name="start">Runs an adopted job; the claim is its to settle.</param>
    public void Adopt(Action<SpoolClaim, Job> start)
    {
        foreach (var name in queue.Claimed())
        {
            if (queue.TryAdopt(name) is not { } claim) continue;
            try
            {
                if (intake.TakeClaimed(claim) is not { } job) continue;
                switch (AdoptionDecision.For(FileStateStore.ReadStatus(store.Layout.Run(job))))
                {
                    case ClaimedJobAction.CompleteClaim:
                        // Finished (or cancelled) before the daemon died ahead of dropping the claim.
                        claim.Complete();
                        break;
                    case ClaimedJobAction.Adopt:
                        logger.LogWarning("adopting job {JobId}, left running by the daemon before", job.Id);
                        start(claim, job);
                        break;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                logger.LogError(e, "cannot adopt claimed file {Name}; leaving it in {Cur}", name, spool.Cur);
                claim.Dispose();
            }
        }
    }
}
