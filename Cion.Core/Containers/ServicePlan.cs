using Cion.Core.Config;
using Cion.Core.Jobs;

namespace Cion.Core.Containers;

/// <summary>Pure: which services a step gets: the engine when the step has <c>docker: true</c>, and the user's services for that step.</summary>
public static class ServicePlan
{
    /// <exception cref="ConfigException">
    /// The config asks for an engine or a privileged service the server refuses this repository
    /// (checked for the whole config, so the build's plan refuses what the release would ask for).
    /// </exception>
    public static IReadOnlyList<ServiceSpec> For(Job job, string stepName, StepConfig step, CionConfig config, EngineSettings engine, PrivilegePolicy policy)
    {
        policy.Check(job.Repo, config);
        var plan = new List<ServiceSpec>();
        if (step.Docker) plan.Add(ContainerSpecBuilder.ForEngine(job, stepName, engine, policy.DefaultEngine));
        plan.AddRange(config.Services.Where(s => s.Steps.Contains(stepName)).Select(s => ContainerSpecBuilder.ForService(job, stepName, s)));
        return plan;
    }
}
