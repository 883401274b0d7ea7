using Cion.Core.Config;
using Cion.Core.Jobs;

namespace Cion.Core.Containers;

/// <summary>Pure: which services a step gets: the engine the step's <c>docker</c> asks for, and the user's services for that step.</summary>
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
        if (policy.EngineFor(step.Docker) is { } kind)
            plan.Add(ContainerSpecBuilder.ForEngine(job, stepName, engine, kind) with { Cache = CachePool.For(job, step, engine.Cache, kind, engine.CacheOwner) });
        plan.AddRange(config.Services.Where(s => s.Steps.Contains(stepName)).Select(s => ContainerSpecBuilder.ForService(job, stepName, s)));
        return plan;
    }
}
