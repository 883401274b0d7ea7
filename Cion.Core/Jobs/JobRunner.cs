using Cion.Core.Config;
using Cion.Core.ConfigFiles;
using Cion.Core.Containers;
using Cion.Core.Git;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Jobs;

/// <summary>
/// Runs one claimed job from start to final state: check out, read config, build, test, release,
/// finalize. Whatever happens (a bad config, a missing image, an exception, the daemon
/// stopping) the job's containers and work dir are removed and its status is written.
/// </summary>
public sealed class JobRunner(FileStateStore store, IContainerEngine engine, StepRunner steps, ReleaseStep releases,
    JobWorkspace workspace, JobFinisher finisher, RootlessProbe rootless, ServerConfig server, TimeProvider clock, ILogger<JobRunner> logger,
    DeployRunner deploys, IJobHosts hosts)
{
    /// <summary>Runs a job that <see cref="FileStateStore.Register"/> has recorded and the caller has claimed.</summary>
    /// <param name="stopping">The daemon is stopping: the job's containers keep running and the next start adopts it.</param>
    /// <param name="cancelled">Someone ran <c>cion cancel</c>: the job ends <c>cancelled</c>.</param>
    /// <returns>The final state, or <see cref="JobState.Running"/> when the daemon stopped and left the job to its next start.</returns>
    public async Task<JobState> RunAsync(Job job, CancellationToken stopping, CancellationToken cancelled = default)
    {
        // Not Register again: that would make this (possibly older) job the branch's latest.
        var run = store.Layout.Run(job);
        using var log = new RunLog(run.CionLog, clock);
        var outcome = new JobOutcome { State = JobTransitions.Next(JobState.Queued, JobEvent.Started) };
        var timer = new PhaseTimer(clock);
        var started = clock.GetUtcNow();
        timer.Add("queue_wait", started - job.QueuedAt);
        // Checkpoint 1: status 'running', the claim sits (locked) in spool/cur. If the daemon dies
        // from here to checkpoint 3, the next start adopts the run: 'progress' says which steps
        // started, their containers are found by name, and only a step whose container is gone
        // without a recorded exit runs again.
        store.SetStatus(run, outcome.State);
        var progress = new StepProgress(run.Progress);
        if (progress.AnyStarted)
            log.Write("ciond restarted: adopting this run where the last daemon left it");
        else
        {
            workspace.ClearInterruptedAttempt(job, run, log);
            log.Write($"started job {job.Id}: {job.Repo} {job.Ref} at {job.New}, pushed by {job.PushedBy}");
        }
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancelled);
        // Every engine call of this job, down to its cleanup below, goes to the job's host.
        using var route = EngineRoute.Begin();
        var host = JobHost.Daemon;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // A new job's checkout needs no host: it is made while Swarm places the job, not after.
                    var checkout = attempt == 1 && job.Deploy is null && !progress.AnyStarted ? Task.Run(() => CheckOutFresh(job, run, log, timer)) : null;
                    try
                    {
                        host = await EnterHostAsync(job, log, outcome, timer, route, either.Token);
                    }
                    catch
                    {
                        // Its folder goes with the job's cleanup, which must not meet it half written. Why the job found
                        // no host is the error; what the checkout said comes second, in cion.log.
                        if (checkout is not null)
                        {
                            try { await checkout; }
                            catch (Exception e) { log.Write($"the checkout made meanwhile failed too: {e.Message}"); }
                        }
                        throw;
                    }
                    await OnHostAsync(host, outcome, either.Token, () =>
                        // A deploy (cion deploy, rollback) releases an earlier build: no checkout, no build.
                        job.Deploy is not null
                            ? deploys.RunStepsAsync(job, run, log, outcome, timer, progress, stopping, either.Token)
                            : RunStepsAsync(job, run, log, outcome, timer, progress, checkout, stopping, either.Token));
                    break;
                }
                // Once, and never after a release began: a deploy must not half-run twice.
                catch (JobHostException e) when (e.Lost && attempt == 1 && hosts.RetriesLost && !progress.WasStarted(StepNames.Release))
                {
                    log.Write($"{e.Message}; running the job again from the start on another node (swarm.retry_lost)");
                    await hosts.LeaveAsync(job, host, log);
                    (host, route.Engine) = (JobHost.Daemon, null);
                    File.Delete(run.Progress);
                    workspace.ClearInterruptedAttempt(job, run, log);
                    outcome = new JobOutcome { State = JobTransitions.Next(JobState.Queued, JobEvent.Started) };
                }
            }
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.Cancelled);
            log.Write("cancelled (cion cancel): its containers were stopped");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.Detached);
            log.Write("the daemon is stopping: the job's containers keep running; ciond adopts the job when it starts again");
        }
        catch (StepTimedOutException e)
        {
            outcome.TimedOutStep ??= e.Step;
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.StepFailed);
            log.Write(e.Message);
        }
        catch (Exception e) when (e is ConfigException or CheckoutException or ImageUnavailableException or ServiceFailedException or DiskFullException
            or JobHostException)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.CouldNotRun);
            outcome.Error = e.Message;
            if (e is JobHostException { Node: { } node }) outcome.Node ??= node;
            log.Write($"error: {e.Message}");
            if (e is ServiceFailedException { ContainerLog.Length: > 0 } failed)
                log.Write($"its own log said:\n{failed.ContainerLog.TrimEnd()}");
            if (e is ServiceFailedException { Advice.Length: > 0 } advised) log.Write(advised.Advice);
        }
        catch (Exception e)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.CouldNotRun);
            outcome.Error = $"cion failed while running the job: {e.Message}";
            log.Write($"error: cion failed while running the job: {e}");
            logger.LogError(e, "job {JobId} failed inside cion", job.Id);
        }
        finally
        {
            // A detached job keeps its containers, checkout and place: the next daemon adopts them.
            if (outcome.State.IsFinal())
            {
                await timer.MeasureAsync("cleanup", () => workspace.CleanUpAsync(job, log));
                await hosts.LeaveAsync(job, host, log);
            }
            await host.DisposeAsync();
        }
        if (!outcome.State.IsFinal()) return outcome.State;
        // Checkpoint 2: containers and work dir are gone (or cion.log says what is left); status still says 'running'.
        await finisher.FinishAsync(job, run, log, outcome, timer, started);
        // Checkpoint 3: status and result are final. The caller now removes the claim; dying
        // before that makes the next start see a final status and only drop the claim.
        return outcome.State;
    }

    /// <summary>The job's place to run (a Swarm node, or the daemon's engine), which every engine call of the job goes to from here on.</summary>
    private async Task<JobHost> EnterHostAsync(Job job, RunLog log, JobOutcome outcome, PhaseTimer timer, EngineRoute route, CancellationToken ct)
    {
        var placing = clock.GetTimestamp();
        var host = await hosts.EnterAsync(job, log, ct);
        // Where the time goes on a Swarm (place_ms in result); one host has no place to take.
        if (host != JobHost.Daemon) timer.Add("place", clock.GetElapsedTime(placing));
        route.Engine = host.Engine;
        outcome.Node = host.Node;
        return host;
    }

    /// <summary>
    /// Runs the steps on their host. When the host went away under them (a Swarm node lost or drained), whatever a
    /// step said then (an error, an exit code of a container the node's stop killed) is the node's doing: the job
    /// ends in <c>error</c> naming the node. Steps that all exited 0 and came back whole ran to their end there: what
    /// became of the node since changes nothing, and it is not asked about (a round trip to the manager and one to
    /// the runner, on every job's path).
    /// </summary>
    private static async Task OnHostAsync(JobHost host, JobOutcome outcome, CancellationToken ct, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (await host.LostAsync(CancellationToken.None) is { } lost) throw new JobHostException(lost, e) { Lost = true };
            throw;
        }
        if (outcome.State == JobState.Succeeded) return;
        if (await host.LostAsync(CancellationToken.None) is { } lostAfter)
        {
            outcome.State = JobState.Running; // the steps' own verdict does not stand
            throw new JobHostException(lostAfter) { Lost = true };
        }
    }

    /// <param name="checkout">The checkout made while the job was placed; null: made here.</param>
    private async Task RunStepsAsync(Job job, RunPaths run, RunLog log, JobOutcome outcome, PhaseTimer timer, StepProgress progress,
        Task<string>? checkout, CancellationToken stopping, CancellationToken ct)
    {
        var workDir = await (checkout ?? CheckOutAsync(job, run, log, timer, progress, ct));
        var config = timer.Measure("config", () => RepoConfigFile.Read(workDir));
        log.Write($"read {CionConfig.FileName}: build image {config.Build.Image}" + (config.Test is null ? "" : $", test image {config.Test.Image}") +
            (config.Release is null ? ", no release step" : $", release image {config.Release.Image}"));
        var releaseSkip = ReleaseSkipReason(job, config, progress);
        var (buildStep, releaseStep) = JobSecrets.Apply(server.Secrets, job, config, releaseSkip, log);
        var testStep = JobSecrets.ForTest(server.Secrets, job, config);
        outcome.HasTestStep = testStep is not null;
        var mounts = WorkspaceMounts.For(store.Layout, job, run, packsOnly: LooseObjectsPack.IsPacked(workDir));
        var network = new JobNetwork(engine, job.Id.Value, ContainerSpecBuilder.JobLabels(job, "job", service: null));
        StepContext Step(string name, ContainerSpec container, IReadOnlyList<ServiceSpec> plan, TimeSpan timeout, string logPath) =>
            new(job, run, name, container, plan, network, timeout, logPath, log, timer, progress, stopping, ct);

        var policy = await PolicyAsync(job, config, network, log, ct);
        var engineSettings = EngineSettings.From(server);
        var buildPlan = ServicePlan.For(job, StepNames.Build, buildStep, config, engineSettings, policy);
        var build = Step(StepNames.Build, ContainerSpecBuilder.ForBuild(job, buildStep, mounts, buildPlan), buildPlan,
            buildStep.Timeout ?? server.BuildTimeout, run.BuildLog) with { Last = releaseSkip is not null && testStep is null }; // neither test nor release follows
        if (!await PassesAsync(build, outcome, exit => outcome.BuildExit = exit)) return;
        if (testStep is not null)
        {
            // The build's own time limit by default: the server has one for the steps before the release.
            var testPlan = ServicePlan.For(job, StepNames.Test, testStep, config, engineSettings, policy);
            var test = Step(StepNames.Test, ContainerSpecBuilder.ForTest(job, testStep, mounts, testPlan), testPlan,
                testStep.Timeout ?? server.BuildTimeout, run.TestLog) with { Last = releaseSkip is not null };
            if (!await PassesAsync(test, outcome, exit => outcome.TestExit = exit)) return;
        }
        outcome.ReleaseSkippedBecause = releaseSkip;
        if (outcome.ReleaseSkippedBecause is not null)
        {
            log.Write($"release skipped: {outcome.ReleaseSkippedBecause}");
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.StepsSucceeded);
            return;
        }
        var releasePlan = ServicePlan.For(job, StepNames.Release, releaseStep!, config, engineSettings, policy);
        var release = Step(StepNames.Release, ContainerSpecBuilder.ForRelease(job, releaseStep!, mounts, releasePlan), releasePlan,
            releaseStep!.Timeout ?? server.ReleaseTimeout, run.ReleaseLog) with { Last = true };
        outcome.Environment = releaseStep.Environment;
        var result = await releases.RunAsync(release, releaseStep.Environment);
        outcome.ReleaseExit = result.Exit;
        outcome.ReleaseSkippedBecause = result.SkippedBecause;
        outcome.State = JobTransitions.Next(outcome.State, result.Event);
    }

    /// <summary>
    /// A fresh checkout of the pushed commit, or the one an adopted build uses. A build that must
    /// run again (its container gone without a recorded exit) starts from a clean checkout and no artifacts.
    /// </summary>
    /// <returns>The checkout's directory.</returns>
    private async Task<string> CheckOutAsync(Job job, RunPaths run, RunLog log, PhaseTimer timer, StepProgress progress, CancellationToken ct)
    {
        var workDir = store.Layout.WorkDir(job.Id);
        // The engine is asked only after a restart. Only the kind of decision counts here, not the
        // time limit: the build's own comes with the config.
        var buildRunsAgain = progress.WasStarted(StepNames.Build) && (await steps.DecideAsync(StepNames.Build,
            Labels.ContainerName(job.Id.Value, StepNames.Build), progress, server.BuildTimeout, ct)).Kind == StepAdoptionKind.RunAgain;
        if (buildRunsAgain) JobWorkspace.ClearArtifacts(run);
        if (progress.AnyStarted && !buildRunsAgain && Directory.Exists(Path.Combine(workDir, ".git")))
        {
            log.Write($"reusing the checkout in {workDir}");
            return workDir;
        }
        return CheckOutFresh(job, run, log, timer);
    }

    /// <summary>A fresh checkout of the pushed commit; a half one from a crash goes first.</summary>
    /// <returns>The checkout's directory.</returns>
    private string CheckOutFresh(Job job, RunPaths run, RunLog log, PhaseTimer timer)
    {
        var workDir = store.Layout.WorkDir(job.Id);
        if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        var commit = timer.Measure("checkout", () =>
        {
            var made = CommitCheckout.CheckOut(job.RepoPath, job.New, job.Branch, workDir);
            // A job on a Swarm node gets every folder it sees copied there: the loose objects go as one pack in the checkout.
            if (server.Runner == RunnerKind.Swarm && LooseObjectsPack.TryPack(job.RepoPath, workDir) is { } whole)
                log.Write($"{whole}: the repository's whole objects folder goes to the node");
            return made;
        });
        // For people reading the run (cion-web's pages): who wrote the commit and what it says.
        AtomicFile.WriteAllText(run.Commit, CommitFile.Format(commit));
        log.Write($"checked out {job.New} into {workDir}");
        return workDir;
    }

    /// <summary>A step the release waits on, the build or the test: its failure or timeout skips the release, saying which.</summary>
    /// <param name="record">Puts the step's exit in the outcome.</param>
    /// <returns>Whether the step passed, so the job goes on towards its release.</returns>
    private async Task<bool> PassesAsync(StepContext step, JobOutcome outcome, Action<int> record)
    {
        int exit;
        try
        {
            exit = await step.Timer.MeasureAsync(step.Name, () => steps.RunAsync(step));
        }
        catch (StepTimedOutException)
        {
            outcome.TimedOutStep = step.Name;
            outcome.ReleaseSkippedBecause = $"{step.Name} timed out";
            throw;
        }
        record(exit);
        if (exit == 0) return true;
        outcome.ReleaseSkippedBecause = $"{step.Name} failed";
        outcome.State = JobTransitions.Next(outcome.State, JobEvent.StepFailed);
        return false;
    }

    /// <summary>
    /// Why the release will not run, or null when it will: the pushed <c>.cion.yml</c> decides which
    /// branches release, and the server's <c>environments:</c> rule can only take some away. Known before
    /// the build, so the release environment's secrets reach no step of a job that may not release there.
    /// A release an earlier daemon started was allowed then: a rule changed since does not skip it halfway.
    /// </summary>
    private string? ReleaseSkipReason(Job job, CionConfig config, StepProgress progress) =>
        ReleaseDecision.SkipReason(config.Release, job.Branch, () => CommitCheckout.DefaultBranch(job.RepoPath))
        ?? (progress.WasStarted(StepNames.Release) ? null
            : EnvironmentPermission.ReleaseRefusal(server.Environments, job.Repo, config.Release!.Environment, job.Branch, server.SourceFile));

    /// <summary>
    /// What the server lets this job have. Only a job with <c>docker: true</c> needs to know which engine
    /// that is, and so may wait for the daemon's one look at whether the rootless engine works here.
    /// </summary>
    private async Task<PrivilegePolicy> PolicyAsync(Job job, CionConfig config, JobNetwork network, RunLog log, CancellationToken ct)
    {
        var wantsDefault = new[] { config.Build, config.Test, config.Release }.Any(s => s?.Docker == DockerRequest.Engine);
        var engine = wantsDefault ? await rootless.DefaultAsync(job, network, log.Write, ct) : EngineDefault.For(server.DindProfile, server.SourceFile);
        return PrivilegePolicy.From(server, engine);
    }
}
