using Cion.Core.Config;
using Cion.Core.Contract;
using Cion.Core.Jobs;

namespace Cion.Core.Containers;

/// <summary>
/// Pure: turns a job, its step config and its workspace into container settings.
/// cion's own variables are set last, so no config can override them (the parser also refuses to).
/// </summary>
public static class ContainerSpecBuilder
{
    /// <param name="services">The step's services, when it has any: the step joins their network, and gets DOCKER_HOST if one is the engine.</param>
    public static ContainerSpec ForBuild(Job job, StepConfig step, WorkspaceMounts workspace, IReadOnlyList<ServiceSpec>? services = null) =>
        InCheckout(job, StepNames.Build, step, workspace.ForBuild(), services);

    /// <summary>The test: in the build's checkout like the build, the artifacts read-only.</summary>
    public static ContainerSpec ForTest(Job job, StepConfig step, WorkspaceMounts workspace, IReadOnlyList<ServiceSpec>? services = null) =>
        InCheckout(job, StepNames.Test, step, workspace.ForTest(), services);

    private static ContainerSpec InCheckout(Job job, string stepName, StepConfig step, IReadOnlyList<Mount> mounts, IReadOnlyList<ServiceSpec>? services)
    {
        var env = new Dictionary<string, string>(step.Env)
        {
            [EnvNames.BuildDir] = WorkspaceMounts.BuildDirInContainer,
            [EnvNames.ArtifactsDir] = WorkspaceMounts.ArtifactsDirInContainer,
        };
        AddGitSafeDirectory(env);
        return Step(job, stepName, step, env, mounts, WorkspaceMounts.BuildDirInContainer, services);
    }

    public static ContainerSpec ForRelease(Job job, StepConfig step, WorkspaceMounts workspace, IReadOnlyList<ServiceSpec>? services = null)
    {
        var env = new Dictionary<string, string>(step.Env) { [EnvNames.ArtifactsDir] = WorkspaceMounts.ArtifactsDirInContainer };
        return Step(job, StepNames.Release, step, env, workspace.ForRelease(), workingDir: null, services);
    }

    /// <summary>
    /// The job's Docker engine for one step: reachable as <c>docker</c>, its storage a volume of its own.
    /// Both kinds want a root engine's privileges for their container: the rootless one needs them to make
    /// its user namespace, and keeps them from what the build starts.
    /// </summary>
    public static ServiceSpec ForEngine(Job job, string stepName, EngineSettings engine, EngineKind kind)
    {
        var name = Labels.ContainerName(job.Id.Value, $"{stepName}-{ServiceConfig.EngineName}");
        var shape = EngineContainer.For(kind, engine);
        var container = Service(job, stepName, ServiceConfig.EngineName, name, shape.Image, shape.Command, shape.Env) with
        {
            Volumes = [new NamedVolume(name, shape.DataRoot)],
            Devices = shape.Devices,
        };
        return new ServiceSpec(ServiceConfig.EngineName, container, ServiceReadiness.DockerApi, WantsPrivilege: true, Engine: kind);
    }

    /// <summary>
    /// An engine started before any job asks (<c>dind.warm</c>), for <paramref name="pool"/>'s next job: on a network
    /// of its own, where it is already <c>docker</c>, so nothing reaches it until a job takes it and the job's step
    /// then joins it there. No job's labels: a taken one is known by its new name. Its data root is planned as a
    /// volume of its own; the cache lease puts a pool's volume there.
    /// </summary>
    public static ServiceSpec ForWarmEngine(CachePool pool, EngineSettings engine, string name)
    {
        var shape = EngineContainer.For(pool.Kind, engine);
        var container = new ContainerSpec
        {
            Name = name,
            Image = shape.Image,
            Env = shape.Env,
            Cmd = shape.Command,
            Mounts = [],
            // Its first name, which its network and any volume of its own keep after a job renames it.
            Labels = new Dictionary<string, string> { [Labels.Warm] = name, [Labels.Repo] = pool.Repo },
            Network = name,
            Aliases = [ServiceConfig.EngineName],
            Volumes = [new NamedVolume(name, shape.DataRoot)],
            Devices = shape.Devices,
        };
        return new ServiceSpec(ServiceConfig.EngineName, container, ServiceReadiness.DockerApi, WantsPrivilege: true, Engine: pool.Kind, Cache: pool);
    }

    public static ServiceSpec ForService(Job job, string stepName, ServiceConfig service)
    {
        var name = Labels.ContainerName(job.Id.Value, $"{stepName}-{service.Name}");
        var container = Service(job, stepName, service.Name, name, service.Image, service.Cmd, service.Env);
        var readiness = service.Port is null ? ServiceReadiness.Started : ServiceReadiness.TcpPort;
        return new ServiceSpec(service.Name, container, readiness, service.Privileged, service.Port);
    }

    private static ContainerSpec Service(Job job, string stepName, string serviceName, string containerName, string image,
        IReadOnlyList<string>? cmd, IReadOnlyDictionary<string, string> env) => new()
    {
        Name = containerName,
        Image = image,
        Env = env,
        Cmd = cmd,
        Mounts = [],
        Labels = JobLabels(job, stepName, serviceName),
        Network = Labels.NetworkName(job.Id.Value),
        Aliases = [serviceName],
    };

    private static ContainerSpec Step(Job job, string stepName, StepConfig step, Dictionary<string, string> env,
        IReadOnlyList<Mount> mounts, string? workingDir, IReadOnlyList<ServiceSpec>? services)
    {
        services ??= [];
        if (services.Any(s => s.Readiness == ServiceReadiness.DockerApi))
            env[EnvNames.DockerHost] = EngineSettings.DockerHost;
        AddJobVariables(env, job);
        return new ContainerSpec
        {
            Name = Labels.ContainerName(job.Id.Value, stepName),
            Image = step.Image,
            Env = env,
            Cmd = step.Cmd,
            WorkingDir = workingDir,
            Mounts = mounts,
            Labels = JobLabels(job, stepName, service: null),
            Network = services.Count > 0 ? Labels.NetworkName(job.Id.Value) : null,
        };
    }

    public static Dictionary<string, string> JobLabels(Job job, string stepName, string? service)
    {
        var labels = new Dictionary<string, string> { [Labels.Job] = job.Id.Value, [Labels.Step] = stepName, [Labels.Repo] = job.Repo };
        if (service is not null) labels[Labels.Service] = service;
        return labels;
    }

    private static void AddJobVariables(Dictionary<string, string> env, Job job)
    {
        env[EnvNames.Repo] = job.Repo;
        env[EnvNames.Ref] = job.Ref;
        env[EnvNames.Branch] = job.Branch;
        env[EnvNames.Sha] = job.New;
    }

    /// <summary>
    /// The checkout belongs to the daemon's user, not to whoever the image runs as; git
    /// (2.35.2 and later) refuses such a repository unless told it is safe. Set through
    /// git's environment config so no file in the image has to change.
    /// </summary>
    private static void AddGitSafeDirectory(Dictionary<string, string> env)
    {
        if (env.ContainsKey("GIT_CONFIG_COUNT")) return; // the config sets git's env config itself
        env["GIT_CONFIG_COUNT"] = "1";
        env["GIT_CONFIG_KEY_0"] = "safe.directory";
        env["GIT_CONFIG_VALUE_0"] = "*";
    }
}
