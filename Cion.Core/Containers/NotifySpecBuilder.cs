using Cion.Core.Config;
using Cion.Core.Contract;
using Cion.Core.Jobs;

namespace Cion.Core.Containers;

/// <summary>
/// Pure: one notification's container. Labelled like the job's own containers (<c>cion.job</c>,
/// <c>cion.step=notify</c>), so the start-up sweep removes one a crash left; on the engine's default
/// network, so it can reach a chat or mail server. cion's variables are set last: no config overrides them.
/// </summary>
public static class NotifySpecBuilder
{
    /// <summary>The <c>cion.step</c> label of notification containers, and their names' middle.</summary>
    public const string StepName = "notify";

    /// <param name="name">Tells this notification from the job's others: <c>site-0</c>, <c>0</c>.</param>
    /// <param name="notify">With its secrets already in its env.</param>
    /// <param name="resultFile">The run's <c>result</c> file on the host, mounted read-only; null when there is none.</param>
    public static ContainerSpec For(Job job, NotifyConfig notify, string name, NotifyFacts facts, string? resultFile)
    {
        var env = new Dictionary<string, string>(notify.Env)
        {
            [EnvNames.Repo] = job.Repo,
            [EnvNames.Ref] = job.Ref,
            [EnvNames.Branch] = job.Branch,
            [EnvNames.Commit] = job.New,
            [EnvNames.Sha] = job.New,
            [EnvNames.Job] = job.Id.Value,
            [EnvNames.Status] = facts.Status.ToWord(),
            [EnvNames.PreviousStatus] = facts.Previous?.ToWord() ?? "",
            [EnvNames.Environment] = facts.Environment ?? "",
            [EnvNames.Url] = facts.Url ?? "",
            [EnvNames.Result] = resultFile is null ? "" : NotifyEnvNames.ResultPath,
        };
        return new ContainerSpec
        {
            Name = Labels.ContainerName(job.Id.Value, $"{StepName}-{name}"),
            Image = notify.Image,
            Env = env,
            Cmd = notify.Cmd,
            Mounts = resultFile is null ? [] : [new Mount(resultFile, NotifyEnvNames.ResultPath, ReadOnly: true)],
            Labels = ContainerSpecBuilder.JobLabels(job, StepName, service: null),
        };
    }
}
