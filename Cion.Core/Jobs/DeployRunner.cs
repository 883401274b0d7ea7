using Cion.Core.Config;
using Cion.Core.ConfigFiles;
using Cion.Core.Containers;
using Cion.Core.Spool;
using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>
/// The steps of a deploy (<c>cion deploy</c>, <c>cion rollback</c>), in place of check out and build:
/// read the source commit's <c>.cion.yml</c> from the repository's objects, judge the request again
/// (<see cref="DeployCheck"/>: the spool file may be forged), and run that config's release step with the
/// source job's artifacts, read-only, through the same <see cref="ReleaseStep"/> as a push's release (one
/// release per environment, the same timeouts, the same ledger). <see cref="JobRunner"/> keeps the rest
/// of the job's story: status, cancel, cleanup and the final result.
/// </summary>
public sealed class DeployRunner(FileStateStore store, IContainerEngine engine, ReleaseStep releases, RootlessProbe rootless, ServerConfig server)
{
    public async Task RunStepsAsync(Job job, RunPaths run, RunLog log, JobOutcome outcome, PhaseTimer timer, StepProgress progress,
        CancellationToken stopping, CancellationToken ct)
    {
        var deploy = job.Deploy!;
        var source = store.Layout.Run(job with { Id = deploy.Source });
        log.Write($"{deploy.Kind} of job {deploy.Source.Value} ({job.ShortSha} {job.Ref}) to {deploy.Environment} by {job.PushedBy}" +
            (deploy.Reason.Length > 0 ? $": {deploy.Reason}" : ""));
        var (config, commit) = timer.Measure("config", () => CommittedConfigFile.Read(job.RepoPath, job.New));
        AtomicFile.WriteAllText(run.Commit, CommitFile.Format(commit));
        outcome.Environment = deploy.Environment;
        if (DeployCheck.Refusal(job.Repo, job.New, deploy, Find(source, config), server.Environments, server.SourceFile) is { } refused)
        {
            outcome.State = JobTransitions.Next(outcome.State, JobEvent.CouldNotRun);
            outcome.Error = outcome.ReleaseSkippedBecause = $"{deploy.Kind} refused: {refused}";
            log.Write($"error: {outcome.Error}");
            return;
        }
        var (_, releaseStep) = JobSecrets.Apply(server.Secrets, job, config, releaseSkip: null, log);
        var mounts = new WorkspaceMounts(store.Layout.WorkDir(job.Id), source.Artifacts, ObjectsDir: null);
        var network = new JobNetwork(engine, job.Id.Value, ContainerSpecBuilder.JobLabels(job, "job", service: null));
        var engineDefault = releaseStep!.Docker == DockerRequest.Engine
            ? await rootless.DefaultAsync(job, network, log.Write, ct) : EngineDefault.For(server.DindProfile, server.SourceFile);
        var plan = ServicePlan.For(job, StepNames.Release, releaseStep, config, EngineSettings.From(server), PrivilegePolicy.From(server, engineDefault));
        var release = new StepContext(job, run, StepNames.Release, ContainerSpecBuilder.ForRelease(job, releaseStep, mounts, plan), plan,
            network, releaseStep.Timeout ?? server.ReleaseTimeout, run.ReleaseLog, log, timer, progress, stopping, ct) { Last = true };
        log.Write($"releasing the build of job {deploy.Source.Value} (artifacts {source.Artifacts}) with {releaseStep.Image}");
        var result = await releases.RunAsync(release, deploy.Environment);
        outcome.ReleaseExit = result.Exit;
        outcome.ReleaseSkippedBecause = result.SkippedBecause;
        outcome.State = JobTransitions.Next(outcome.State, result.Event);
    }

    private static DeploySource Find(RunPaths source, CionConfig config)
    {
        var job = File.Exists(source.Job) ? JobFile.Parse(File.ReadAllText(source.Job)) : null;
        return new DeploySource(job, FileStateStore.ReadStatus(source), Directory.Exists(source.Artifacts), config.Release);
    }
}
