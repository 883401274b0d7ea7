using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Scheduling;

/// <summary>
/// Runs one claimed job in the background and settles its claim by the outcome: a job that
/// reached its final state is forgotten and its repository's old runs pruned; one the stop
/// interrupted, or whose state could not be recorded, stays claimed for the next start to adopt.
/// </summary>
public sealed class JobLauncher(JobRunner runner, Retention retention, Notifier notifier, ILogger<JobLauncher> logger)
{
    /// <param name="stopping">The daemon's stop: the job detaches, leaving its containers for the next start.</param>
    /// <param name="finished">Set when the job ends, however it ends: its slot is free for the next one.</param>
    /// <returns>The running job; its task never faults.</returns>
    public RunningJob Launch(SpoolClaim claim, Job job, CancellationToken stopping, WakeSignal finished)
    {
        var cancel = new CancellationTokenSource();
        return new RunningJob(job, RunAsync(claim, job, stopping, cancel.Token, finished), cancel);
    }

    private Task RunAsync(SpoolClaim claim, Job job, CancellationToken stopping, CancellationToken cancelled, WakeSignal finished) => Task.Run(async () =>
    {
        try
        {
            var state = await runner.RunAsync(job, stopping, cancelled);
            if (!state.IsFinal())
            {
                claim.Dispose(); // the daemon is stopping: the job stays claimed for the next start to adopt
                return;
            }
            claim.Complete();
            // After the final status and the claim, so a notification never changes the job it reports; the slot
            // stays taken until they end, each within its own timeout.
            await notifier.NotifyAsync(job, stopping);
            ApplyRetention(job);
        }
        catch (Exception e)
        {
            // The runner records every failure it can; reaching here means the state directory
            // itself failed us. Leave the claim in cur/ so the next start adopts the job.
            logger.LogError(e, "job {JobId} could not be recorded; it stays claimed until the next start", job.Id);
            claim.Dispose();
        }
        finally
        {
            finished.Set();
        }
    }, CancellationToken.None);

    private void ApplyRetention(Job job)
    {
        try
        {
            var removed = retention.Apply(job.Repo);
            if (removed > 0) logger.LogInformation("keep: removed {Count} old runs of {Repo}", removed, job.Repo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "keep: could not remove old runs of {Repo}", job.Repo);
        }
    }
}
