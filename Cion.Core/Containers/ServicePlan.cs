using Cion.Core.Config;
using Cion.Core.Jobs;

namespace Cion.Core.Containers;

/// <summary>Pure: which services a step gets: the engine when the step has <c>docker: true</c>, and the user's services for that step.</summary>
public static class ServicePlan
{
    /// <exception cref="ConfigException">A privileged service the server does not allow.</exception>
    public static IReadOnlyList<ServiceSpec> For(Job job, string stepName, StepConfig step, CionConfig config, EngineSettings engine, bool allowPrivileged)
    {
        var refused = config.Services.Where(s => s.Privileged && !allowPrivileged).ToList();
        if (refused.Count > 0)
            throw new ConfigException([.. refused.Select(s => new ConfigError(CionConfig.FileName, 0, $"services.{s.Name}.privileged",
                "refused: this server does not allow privileged services (services.allow_privileged in the server config)"))]);
        var plan = new List<ServiceSpec>();
        if (step.Docker) plan.Add(ContainerSpecBuilder.ForEngine(job, stepName, engine));
        plan.AddRange(config.Services.Where(s => s.Steps.Contains(stepName)).Select(s => ContainerSpecBuilder.ForService(job, stepName, s)));
        return plan;
    }
}
