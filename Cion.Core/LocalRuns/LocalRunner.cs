using Cion.Core.Config;
using Cion.Core.ConfigFiles;
using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Core.Git;
using Cion.Core.Jobs;
using Cion.Core.Secrets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cion.Core.LocalRuns;

/// <summary>
/// <c>cion run</c>: a working copy's <c>.cion.yml</c> run against the local Docker engine, with the daemon's container
/// contract (<c>BUILD_DIR</c>, <c>ARTIFACTS_DIR</c>, the per-job engine, services, env) and none of its state: everything
/// it makes lives in one temporary folder and under one owner label (that folder's path), and goes when the run ends,
/// however it ends. Every check of the input comes before anything is made.
/// </summary>
/// <param name="say">cion's own lines: each step announced, services, cleanup.</param>
/// <param name="openOutput">Where the steps' output goes (the terminal).</param>
public sealed class LocalRunner(LocalRunOptions options, Action<string> say, Func<Stream> openOutput, TimeProvider clock)
{
    private const string NoCommit = "0000000000000000000000000000000000000000";

    /// <returns>The exit code of the first step that failed, or 0 when every step passed.</returns>
    /// <exception cref="LocalRunException">Bad input; nothing ran.</exception>
    /// <exception cref="ConfigException">A bad <c>.cion.yml</c>, or a secret a step names was not given; nothing ran.</exception>
    /// <exception cref="StepTimedOutException">A step ran past its time limit.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (Ctrl-C); everything is removed before this is thrown.</exception>
    public async Task<int> RunAsync(string startDir, CancellationToken ct)
    {
        var copy = WorkingCopy.Open(startDir);
        var config = ReadConfig(copy.Root);
        var names = StepSelection.Select(options.Step, [.. PipelineStep.All.Select(s => (s.Name, s.Config(config) is not null))]);
        var secrets = LocalSecrets.Load(options.SecretsFile, options.Secrets);
        var configs = names.Select(n => PipelineStep.All.Single(s => s.Name == n))
            .Select(s => (Step: s, Config: LocalSecrets.Apply(WithEnv(s.Config(config)!), s.Name, secrets))).ToList();
        // From here on everything made is under temp or labelled with it, and goes in the finally blocks below. Killed
        // outright (SIGKILL), the run leaves temp and its labelled containers: no daemon's sweep owns them (README says how to find them).
        var temp = Directory.CreateTempSubdirectory("cion-run-");
        try
        {
            var job = LocalJob(copy, clock.GetUtcNow());
            var mounts = new WorkspaceMounts(Path.Combine(temp.FullName, "build"), Artifacts(temp.FullName), copy.Head is null ? null : copy.ObjectsDir);
            var settings = EngineSettings.From(options.Server) with { Cache = CacheScope.Off, WarmMax = 0, CacheOwner = temp.FullName };
            var policy = new PrivilegePolicy([RepoGlob.Everything], AllowPrivilegedServices: true, "cion run")
                { DefaultEngine = EngineDefault.For(options.Server.DindProfile, options.Server.SourceFile) };
            var steps = configs.Select(c => Plan(job, c.Step, c.Config, config, mounts, settings, policy)).ToList();
            say($"running {string.Join(", ", names)} of {copy.Root} ({(copy.Head is null ? "no commit yet" : job.ShortSha)}{(copy.Branch is null ? "" : $" on {copy.Branch}")}, uncommitted changes included)");
            copy.CopyTo(mounts.WorkDir);
            Directory.CreateDirectory(mounts.ArtifactsDir);
            using var engine = DockerEngine.Connect(new Uri(options.DockerEndpoint), owner: temp.FullName);
            try
            {
                return await RunStepsAsync(engine, job, steps, settings, new SecretMask(secrets.Values), ct);
            }
            finally
            {
                var report = await engine.RemoveJobResourcesAsync(job.Id.Value);
                if (!report.Complete) say($"cleanup incomplete: {report.DescribeLeft()}");
            }
        }
        finally
        {
            RemoveFolder(temp.FullName);
            if (options.ArtifactsDir is not null) say($"artifacts kept in {Artifacts(temp.FullName)}");
        }
    }

    private async Task<int> RunStepsAsync(IContainerEngine engine, Job job, IReadOnlyList<LocalStep> steps, EngineSettings settings, SecretMask mask, CancellationToken ct)
    {
        var services = new ServiceRunner(engine, new PrivilegeFallback(options.Server.DindProfile, NullLogger<PrivilegeFallback>.Instance), clock);
        var network = new JobNetwork(engine, job.Id.Value, ContainerSpecBuilder.JobLabels(job, "job", service: null));
        var runner = new LocalStepRunner(engine, services, settings, network, mask, say, openOutput);
        foreach (var step in steps)
        {
            say($"== {step.Name} ==");
            var exit = await runner.RunAsync(step, ct);
            if (exit != 0)
            {
                say($"{step.Name} failed (exit {exit}){(step == steps[^1] ? "" : ": the steps after it do not run")}");
                return exit;
            }
        }
        return 0;
    }

    private StepConfig WithEnv(StepConfig step)
    {
        var env = new Dictionary<string, string>(step.Env);
        foreach (var (name, value) in options.Env) env[name] = value;
        return step with { Env = env };
    }

    private LocalStep Plan(Job job, PipelineStep step, StepConfig stepConfig, CionConfig config, WorkspaceMounts mounts, EngineSettings settings, PrivilegePolicy policy)
    {
        var plan = ServicePlan.For(job, step.Name, stepConfig, config, settings, policy);
        return new LocalStep(step.Name, step.Container(job, stepConfig, mounts, plan), plan, stepConfig.Timeout ?? step.DefaultTimeout(options.Server));
    }

    private string Artifacts(string temp) => options.ArtifactsDir is { } kept ? Path.GetFullPath(kept) : Path.Combine(temp, "artifacts");

    private static CionConfig ReadConfig(string root)
    {
        if (!File.Exists(Path.Combine(root, CionConfig.FileName)))
            throw new LocalRunException($"no {CionConfig.FileName} in {root}: add one to tell cion what to build (README: .cion.yml)");
        return RepoConfigFile.Read(root);
    }

    /// <summary>The job the containers are labelled and named for: the working copy's commit and branch, the user who ran it.</summary>
    private static Job LocalJob(WorkingCopy copy, DateTimeOffset now) => new()
    {
        Id = JobId.New(now, copy.Head ?? NoCommit),
        Repo = Path.GetFileName(copy.Root),
        RepoPath = copy.Root,
        Ref = copy.Branch is null ? "HEAD" : Job.BranchPrefix + copy.Branch,
        Old = NoCommit,
        New = copy.Head ?? NoCommit,
        PushedBy = Environment.UserName,
        QueuedAt = now,
    };

    private void RemoveFolder(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Files a container made as another user (root, mostly) are not ours to delete.
            say($"could not remove {path}: {e.Message}; files the build made as another user need 'sudo rm -rf {path}'");
        }
    }
}
