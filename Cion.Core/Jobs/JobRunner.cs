using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Git;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Jobs;

/// <summary>
/// Runs one claimed job from start to final state: check out, read config, build, release,
/// finalize. Whatever happens (a bad config, a missing image, an exception, the daemon
/// stopping) the job's containers and work dir are removed and its status is written.
/// </summary>
public sealed class JobRunner(FileStateStore store, DockerRunner docker, StepRunner steps, ServerConfig server,
    TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>Runs a job that <see cref="FileStateStore.Register"/> has recorded and the caller has claimed.</summary>
    /// <returns>The final state, or <see cref="JobState.Queued"/> when the daemon stopped under the job and it must run again.</returns>
    public async Task<JobState> RunAsync(Job job, CancellationToken stopping)
    {
        // Not Register again: that would make this (possibly older) job the branch's latest.
        var run = store.Layout.Run(job);
        using var log = new RunLog(run.CionLog, clock);
        var outcome = new JobOutcome { State = JobTransitions.Next(JobState.Queued, JobEvent.Started) };
        var timer = new PhaseTimer(clock);
        var started = clock.GetUtcNow();
        timer.Add("queue_wait", started - job.QueuedAt);
        // Checkpoint 1: status 'running', the claim sits in spool/cur. If the daemon dies from
        // here to checkpoint 3, the next start puts the claim back in spool/new and the job runs again.
        store.SetStatus(run, outcome.State);
        ClearInterruptedAttempt(job, run, log);
        log.Write($"started job {job.Id}: {job.Repo} {job.Ref} at {job.New}, pushed by {job.PushedBy}");
        try
        {
            await RunStepsAsync(job, run, log, outcome, timer, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.Interrupted);
            log.Write("the daemon is stopping: the job goes back to the queue and runs again from the start");
        }
        catch (Exception e) when (e is ConfigException or CheckoutException or ImageUnavailableException or ServiceFailedException)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.CouldNotRun);
            log.Write($"error: {e.Message}");
            if (e is ServiceFailedException { ContainerLog.Length: > 0 } failed)
                log.Write($"its own log said:\n{failed.ContainerLog.TrimEnd()}");
        }
        catch (Exception e)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.CouldNotRun);
            log.Write($"error: cion failed while running the job: {e}");
            logger.LogError(e, "job {JobId} failed inside cion", job.Id);
        }
        finally
        {
            await timer.MeasureAsync("cleanup", () => CleanUpAsync(job, log));
        }
        // Checkpoint 2: containers and work dir are gone (or cion.log says what is left); status still says 'running'.
        Finish(job, run, log, outcome, timer, started);
        // Checkpoint 3: status and result are final. The caller now removes the claim; dying
        // before that makes the next start see a final status and only drop the claim.
        return outcome.State;
    }

    private async Task RunStepsAsync(Job job, RunPaths run, RunLog log, JobOutcome outcome, PhaseTimer timer, CancellationToken ct)
    {
        var workDir = store.Layout.WorkDir(job.Id);
        timer.Measure("checkout", () => CommitCheckout.CheckOut(job.RepoPath, job.New, job.Branch, workDir));
        log.Write($"checked out {job.New} into {workDir}");
        var config = timer.Measure("config", () => ReadConfig(workDir));
        log.Write($"read {CionConfig.FileName}: build image {config.Build.Image}" +
            (config.Release is null ? ", no release step" : $", release image {config.Release.Image}"));
        var workspace = WorkspaceMounts.For(store.Layout, job, run);
        var network = new JobNetwork(docker, job.Id.Value, ContainerSpecBuilder.JobLabels(job, "job", service: null));

        var buildPlan = Plan(job, StepNames.Build, config.Build, config);
        var build = ContainerSpecBuilder.ForBuild(job, config.Build, workspace, buildPlan);
        outcome.BuildExit = await timer.MeasureAsync("build", () => steps.RunAsync(build, buildPlan, network, run.BuildLog, log, timer, ct));
        if (outcome.BuildExit != 0)
        {
            outcome.ReleaseSkippedBecause = "build failed";
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.StepFailed);
            return;
        }
        outcome.ReleaseSkippedBecause = ReleaseDecision.SkipReason(config.Release, job.Branch, () => CommitCheckout.DefaultBranch(job.RepoPath));
        if (outcome.ReleaseSkippedBecause is not null)
        {
            log.Write($"release skipped: {outcome.ReleaseSkippedBecause}");
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.StepsSucceeded);
            return;
        }
        var releasePlan = Plan(job, StepNames.Release, config.Release!, config);
        var release = ContainerSpecBuilder.ForRelease(job, config.Release!, workspace, releasePlan);
        outcome.ReleaseExit = await timer.MeasureAsync("release", () => steps.RunAsync(release, releasePlan, network, run.ReleaseLog, log, timer, ct));
        outcome.State = JobTransitions.Next(outcome.State, outcome.ReleaseExit == 0 ? JobEvent.StepsSucceeded : JobEvent.StepFailed);
    }

    private IReadOnlyList<ServiceSpec> Plan(Job job, string stepName, StepConfig step, CionConfig config) =>
        ServicePlan.For(job, stepName, step, config, EngineSettings.From(server), server.ServicesAllowPrivileged);

    private static CionConfig ReadConfig(string workDir)
    {
        var path = Path.Combine(workDir, CionConfig.FileName);
        if (!File.Exists(path))
            throw new ConfigException([new ConfigError(CionConfig.FileName, 0, "", "not found in the commit: add one to tell cion what to build")]);
        return ConfigParser.Parse(File.ReadAllText(path));
    }

    /// <summary>
    /// A run that starts again after the daemon stopped under it must not see that attempt's
    /// leftovers: the checkout, artifacts, step logs and result go; cion.log keeps its history.
    /// </summary>
    private void ClearInterruptedAttempt(Job job, RunPaths run, RunLog log)
    {
        var work = store.Layout.WorkRoot(job.Id);
        var leftovers = new[] { run.BuildLog, run.ReleaseLog, run.Result }.Where(File.Exists).ToList();
        var artifacts = Directory.Exists(run.Artifacts) ? Directory.GetFileSystemEntries(run.Artifacts) : [];
        if (leftovers.Count == 0 && artifacts.Length == 0 && !Directory.Exists(work)) return;
        log.Write("an earlier attempt of this run was interrupted: starting again from a clean checkout, without its logs and artifacts");
        leftovers.ForEach(File.Delete);
        foreach (var entry in artifacts)
            if (Directory.Exists(entry) && new FileInfo(entry).LinkTarget is null) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    private async Task CleanUpAsync(Job job, RunLog log)
    {
        try
        {
            await docker.RemoveJobResourcesAsync(job.Id.Value);
            var work = store.Layout.WorkRoot(job.Id);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        catch (Exception e)
        {
            log.Write($"cleanup incomplete: {e.Message}");
            logger.LogWarning(e, "cleanup of job {JobId} incomplete", job.Id);
        }
    }

    private void Finish(Job job, RunPaths run, RunLog log, JobOutcome outcome, PhaseTimer timer, DateTimeOffset started)
    {
        if (outcome.State == JobState.Queued)
        {
            store.SetStatus(run, JobState.Queued); // interrupted: no result until it really ran
            return;
        }
        var finished = clock.GetUtcNow();
        store.WriteResult(run, new ResultFile
        {
            Status = outcome.State.ToWord(),
            QueuedAt = job.QueuedAt, StartedAt = started, FinishedAt = finished,
            BuildExit = outcome.BuildExit, ReleaseExit = outcome.ReleaseExit,
            ReleaseSkippedBecause = outcome.ReleaseSkippedBecause,
            Phases = timer.Phases,
        });
        store.SetStatus(run, outcome.State);
        log.Write($"finished: {outcome.State.ToWord()} in {(finished - started).TotalSeconds:0.0} s");
        logger.LogInformation("job {JobId} {Repo} {Sha} finished: {Status}", job.Id, job.Repo, job.ShortSha, outcome.State.ToWord());
    }
}
