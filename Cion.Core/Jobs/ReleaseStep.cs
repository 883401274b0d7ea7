using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>
/// The release, once the build passed and the branch releases: wait for the repo's environment
/// to be free, skip if a newer push of the same ref already deployed there (newest wins), run,
/// and record the attempt in the deployment ledger.
/// </summary>
public sealed class ReleaseStep(StepRunner steps, ReleaseGate gate, DeploymentLedger ledger, ServerConfig server, TimeProvider clock)
{
    /// <param name="stopping">The daemon's own stop, to tell an interrupted release from a cancelled one in the ledger.</param>
    public async Task RunAsync(Job job, StepConfig release, ContainerSpec container, IReadOnlyList<ServiceSpec> plan, JobNetwork network,
        RunPaths run, RunLog log, PhaseTimer timer, JobOutcome outcome, StepProgress progress, CancellationToken stopping, CancellationToken ct)
    {
        var environment = outcome.Environment = release.Environment;
        using var slot = await timer.MeasureAsync("release_wait", () => gate.EnterAsync(job, run, environment, log.Write, ct));
        // A release an earlier daemon already started is finished, never skipped halfway.
        if (!progress.WasStarted(StepNames.Release) && ledger.NewerSuccessOf(job, environment) is { } newer)
        {
            var why = $"superseded: {newer["sha"][..7]} (job {newer.GetValueOrDefault("job")}), pushed later to {job.Ref}, is already deployed to {environment}";
            await File.AppendAllTextAsync(run.ReleaseLog, why + "\n", ct);
            log.Write($"release skipped: {why}");
            outcome.ReleaseSkippedBecause = DeploymentLedger.Superseded;
            ledger.Record(job, environment, DeploymentLedger.Superseded, run, clock.GetUtcNow());
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.StepsSucceeded);
            return;
        }
        var timeout = release.Timeout ?? server.ReleaseTimeout;
        try
        {
            outcome.ReleaseExit = await timer.MeasureAsync("release", () => steps.RunAsync(container, plan, network, timeout, run.ReleaseLog, log, timer, progress, stopping, ct));
        }
        catch (Exception e)
        {
            // Every attempt goes into the history, however it ended.
            if (e is StepTimedOutException) outcome.TimedOutStep = StepNames.Release;
            string? how = e switch
            {
                StepTimedOutException => DeploymentLedger.Failed,
                OperationCanceledException when stopping.IsCancellationRequested => null, // adopted and recorded later
                OperationCanceledException => DeploymentLedger.Cancelled,
                _ => DeploymentLedger.Error,
            };
            if (how is not null) ledger.Record(job, environment, how, run, clock.GetUtcNow());
            // The daemon stops and the container runs on: the environment stays this release's for the next daemon.
            else slot.Keep();
            throw;
        }
        var succeeded = outcome.ReleaseExit == 0;
        // Checkpoint: once in the ledger, a restart must not write the attempt again.
        if (!progress.LedgerRecorded)
        {
            ledger.Record(job, environment, succeeded ? DeploymentLedger.Succeeded : DeploymentLedger.Failed, run, clock.GetUtcNow());
            progress.MarkLedgerRecorded();
        }
        log.Write(succeeded ? $"deployed to {environment}" : $"release to {environment} failed");
        outcome.State = JobTransitions.Next(outcome.State, succeeded ? JobEvent.StepsSucceeded : JobEvent.StepFailed);
    }
}
