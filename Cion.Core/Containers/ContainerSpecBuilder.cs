using Cion.Core.Config;
using Cion.Core.Jobs;

namespace Cion.Core.Containers;

/// <summary>
/// Pure: turns a job, its step config and its workspace into container settings.
/// cion's own variables are set last, so no config can override them (the parser also refuses to).
/// </summary>
public static class ContainerSpecBuilder
{
    public const string BuildStep = "build", ReleaseStep = "release";

    public static ContainerSpec ForBuild(Job job, StepConfig step, WorkspaceMounts workspace)
    {
        var env = new Dictionary<string, string>(step.Env)
        {
            [EnvNames.BuildDir] = WorkspaceMounts.BuildDirInContainer,
            [EnvNames.ArtifactsDir] = WorkspaceMounts.ArtifactsDirInContainer,
        };
        AddGitSafeDirectory(env);
        AddJobVariables(env, job);
        return Spec(job, BuildStep, step, env, workspace.ForBuild(), WorkspaceMounts.BuildDirInContainer);
    }

    public static ContainerSpec ForRelease(Job job, StepConfig step, WorkspaceMounts workspace)
    {
        var env = new Dictionary<string, string>(step.Env)
        {
            [EnvNames.ArtifactsDir] = WorkspaceMounts.ArtifactsDirInContainer,
        };
        AddJobVariables(env, job);
        return Spec(job, ReleaseStep, step, env, workspace.ForRelease(), workingDir: null);
    }

    private static ContainerSpec Spec(Job job, string stepName, StepConfig step, Dictionary<string, string> env,
        IReadOnlyList<Mount> mounts, string? workingDir) => new()
    {
        Name = Labels.ContainerName(job.Id.Value, stepName),
        Image = step.Image,
        Env = env,
        Cmd = step.Cmd,
        WorkingDir = workingDir,
        Mounts = mounts,
        Labels = new Dictionary<string, string>
        {
            [Labels.Job] = job.Id.Value,
            [Labels.Step] = stepName,
            [Labels.Repo] = job.Repo,
        },
    };

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
