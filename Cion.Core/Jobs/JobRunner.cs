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
public sealed class JobRunner(FileStateStore store, DockerRunner docker, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <summary>Runs a job that <see cref="FileStateStore.Register"/> has recorded and the caller has claimed.</summary>
    /// <returns>The final state, or <see cref="JobState.Queued"/> when the daemon stopped under the job and it must run again.</returns>
    public async Task<JobState> RunAsync(Job job, CancellationToken stopping)
    {
        // Not Register again: that would make this (possibly older) job the branch's latest.
        var run = store.Layout.Run(job);
        using var log = new RunLog(run.CionLog, clock);
        var outcome = new JobOutcome();
        var timer = new PhaseTimer(clock);
        var started = clock.GetUtcNow();
        timer.Add("queue_wait", started - job.QueuedAt);
        // Checkpoint 1: status 'running', the claim sits in spool/cur. If the daemon dies from
        // here to checkpoint 3, the next start puts the claim back in spool/new and the job runs again.
        store.SetStatus(run, JobState.Running);
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
        catch (Exception e) when (e is ConfigException or CheckoutException or ImageUnavailableException)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.CouldNotRun);
            log.Write($"error: {e.Message}");
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
        // Checkpoint 2: containers and work dir are gone; status still says 'running'.
        Finish(job, run, log, outcome, timer, started);
        // Checkpoint 3: status and result are final. The caller now removes the claim; dying
        // before that makes the next start see a final status and only drop the claim.
        return outcome.State;
    }

    private async Task RunStepsAsync(Job job, RunPaths run, RunLog log, JobOutcome outcome, PhaseTimer timer, CancellationToken ct)
    {
        var workDir = store.Layout.WorkDir(job.Id);
        timer.Measure("checkout", () => { CommitCheckout.CheckOut(job.RepoPath, job.New, job.Branch, workDir); return 0; });
        log.Write($"checked out {job.New} into {workDir}");
        var config = timer.Measure("config", () => ReadConfig(workDir));
        log.Write($"read {CionConfig.FileName}: build image {config.Build.Image}" +
            (config.Release is null ? ", no release step" : $", release image {config.Release.Image}"));
        var workspace = WorkspaceMounts.For(store.Layout, job, run);

        var build = ContainerSpecBuilder.ForBuild(job, config.Build, workspace);
        outcome.BuildExit = await timer.MeasureAsync("build", () => RunStepAsync(build, run.BuildLog, log, ct));
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
        var release = ContainerSpecBuilder.ForRelease(job, config.Release!, workspace);
        outcome.ReleaseExit = await timer.MeasureAsync("release", () => RunStepAsync(release, run.ReleaseLog, log, ct));
        outcome.State = JobTransitions.Next(outcome.State, outcome.ReleaseExit == 0 ? JobEvent.StepsSucceeded : JobEvent.StepFailed);
    }

    private static CionConfig ReadConfig(string workDir)
    {
        var path = Path.Combine(workDir, CionConfig.FileName);
        if (!File.Exists(path))
            throw new ConfigException([new ConfigError(CionConfig.FileName, 0, "", "not found in the commit: add one to tell cion what to build")]);
        return ConfigParser.Parse(File.ReadAllText(path));
    }

    private async Task<int?> RunStepAsync(ContainerSpec spec, string logPath, RunLog log, CancellationToken ct)
    {
        var step = spec.Labels[Labels.Step];
        await docker.EnsureImageAsync(spec.Image, log.Write, ct);
        log.Write($"{step}: starting container {spec.Name} from {spec.Image}");
        var start = clock.GetTimestamp();
        await using var output = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var exit = (int)await docker.RunAsync(spec, output, ct);
        log.Write($"{step}: exited {exit} after {clock.GetElapsedTime(start).TotalSeconds:0.0} s");
        return exit;
    }

    private async Task<int> CleanUpAsync(Job job, RunLog log)
    {
        try
        {
            await docker.RemoveJobContainersAsync(job.Id.Value);
            var work = store.Layout.WorkRoot(job.Id);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        catch (Exception e)
        {
            log.Write($"cleanup incomplete: {e.Message}");
            logger.LogWarning(e, "cleanup of job {JobId} incomplete", job.Id);
        }
        return 0;
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
