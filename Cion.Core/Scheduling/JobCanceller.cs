using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Scheduling;

/// <summary>
/// <c>cion cancel</c> leaves <c>cancel/JOB_ID</c>: a running job is stopped (its containers go
/// at once), a waiting one is claimed and recorded as cancelled without starting. A request
/// for a job that is not here (finished, or never queued) is dropped; one whose owner may not
/// write the job's repository is set aside by <see cref="CancelIntake"/>.
/// </summary>
public sealed class JobCanceller(SpoolQueue queue, CancelIntake cancels, JobFinisher finisher, FileStateStore store, ILogger<JobCanceller> logger)
{
    /// <summary>Each pass of the scheduler, between taking in new jobs and starting them, so a cancelled job never starts.</summary>
    /// <param name="waiting">This daemon's waiting jobs by spool name; a job cancelled here is removed from it.</param>
    /// <param name="running">This daemon's running jobs by spool name.</param>
    public async Task HandleAsync(Dictionary<string, Job> waiting, IReadOnlyDictionary<string, RunningJob> running)
    {
        foreach (var id in queue.CancelRequests())
        {
            var name = id + JobFile.Extension;
            var isRunning = running.TryGetValue(name, out var run);
            var action = CancelDecision.For(isRunning, waiting.ContainsKey(name));
            if (action == CancelAction.DropRequest)
            {
                queue.DropCancelRequest(id);
                continue;
            }
            if (cancels.Take(id, run?.Job ?? waiting[name]) is not { } requestedBy) continue; // set aside, or judged again next pass
            switch (action)
            {
                case CancelAction.StopRunning:
                    logger.LogInformation("cancelling running job {JobId} ({RequestedBy})", id, requestedBy);
                    await run!.Cancel.CancelAsync();
                    break;
                case CancelAction.CancelQueued:
                    if (waiting.Remove(name, out var job) && queue.TryClaim(name) is { } claim && !await TryCancelQueuedAsync(id, job, claim, requestedBy))
                        continue; // not recorded: the request stays for the next pass
                    break;
            }
            queue.DropCancelRequest(id);
        }
    }

    /// <returns>False when the cancel could not be recorded: the job is back in <c>new/</c> and the request kept for the next pass.</returns>
    private async Task<bool> TryCancelQueuedAsync(string id, Job job, SpoolClaim claim, string requestedBy)
    {
        logger.LogInformation("cancelling queued job {JobId} ({RequestedBy})", id, requestedBy);
        try
        {
            await finisher.CancelQueuedAsync(job, store.Layout.Run(job), requestedBy);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "cannot record the cancel of {JobId}; trying again", id);
            claim.Requeue();
            return false;
        }
        claim.Complete();
        return true;
    }
}
