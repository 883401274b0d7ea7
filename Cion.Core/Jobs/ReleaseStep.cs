using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>
/// The release, once the build passed and the branch releases: wait for the repo's environment
/// to be free, skip if a newer push of the same ref already deployed there (newest wins), run,
/// and record the attempt in the deployment ledger. It reports how the release came out; the
/// job's outcome is <see cref="JobRunner"/>'s to change.
/// </summary>
public sealed class ReleaseStep(StepRunner steps, ReleaseGate gate, DeploymentLedger ledger, TimeProvider clock)
{
    /// <param name="step">Its <see cref="StepContext.Stopping"/> tells an interrupted release from a cancelled one in the ledger.</param>
    /// <exception cref="StepTimedOutException">The release ran past its timeout; the ledger says it failed.</exception>
    public async Task<ReleaseResult> RunAsync(StepContext step, string environment)
    {
        var (job, run, log) = (step.Job, step.Run, step.Log);
        using var slot = await step.Timer.MeasureAsync("release_wait", () => gate.EnterAsync(job, run, environment, log.Write, step.Cancel));
        // A release an earlier daemon already started is finished, never skipped halfway.
        // An explicit deploy (cion deploy, rollback) is someone choosing this build now: never superseded.
        if (job.Deploy is null && !step.Progress.WasStarted(step.Name) && ledger.NewerSuccessOf(job, environment) is { } newer)
        {
            var why = $"superseded: {newer["sha"][..7]} (job {newer.GetValueOrDefault("job")}), pushed later to {job.Ref}, is already deployed to {environment}";
            await File.AppendAllTextAsync(step.LogPath, why + "\n", step.Cancel);
            log.Write($"release skipped: {why}");
            ledger.Record(job, environment, DeploymentLedger.Superseded, run, clock.GetUtcNow());
            return ReleaseResult.Superseded;
        }
        int exit;
        try
        {
            exit = await step.Timer.MeasureAsync("release", () => steps.RunAsync(step));
        }
        catch (Exception e)
        {
            // Every attempt goes into the history, however it ended.
            string? how = e switch
            {
                StepTimedOutException => DeploymentLedger.Failed,
                OperationCanceledException when step.Stopping.IsCancellationRequested => null, // adopted and recorded later
                OperationCanceledException => DeploymentLedger.Cancelled,
                _ => DeploymentLedger.Error,
            };
            if (how is not null) ledger.Record(job, environment, how, run, clock.GetUtcNow());
            // The daemon stops and the container runs on: the environment stays this release's for the next daemon.
            else slot.Keep();
            throw;
        }
        var succeeded = exit == 0;
        // Checkpoint: once in the ledger, a restart must not write the attempt again.
        if (!step.Progress.LedgerRecorded)
        {
            ledger.Record(job, environment, succeeded ? DeploymentLedger.Succeeded : DeploymentLedger.Failed, run, clock.GetUtcNow());
            step.Progress.MarkLedgerRecorded();
        }
        log.Write(succeeded ? $"deployed to {environment}" : $"release to {environment} failed");
        return new ReleaseResult(exit, SkippedBecause: null);
    }
}
