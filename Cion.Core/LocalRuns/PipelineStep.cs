using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Jobs;

namespace Cion.Core.LocalRuns;

/// <summary>One step of the pipeline as <c>cion run</c> runs it: its config in <c>.cion.yml</c>, its container, its default time limit.</summary>
public sealed record PipelineStep(
    string Name,
    Func<CionConfig, StepConfig?> Config,
    Func<Job, StepConfig, WorkspaceMounts, IReadOnlyList<ServiceSpec>?, ContainerSpec> Container,
    Func<ServerConfig, TimeSpan> DefaultTimeout)
{
    /// <summary>The pipeline in order, with the containers the daemon's steps get. A new step is one more line here.</summary>
    public static readonly IReadOnlyList<PipelineStep> All =
    [
        new(StepNames.Build, c => c.Build, ContainerSpecBuilder.ForBuild, s => s.BuildTimeout),
        new(StepNames.Test, c => c.Test, ContainerSpecBuilder.ForTest, s => s.BuildTimeout), // the daemon gives the test the build's limit too
        new(StepNames.Release, c => c.Release, ContainerSpecBuilder.ForRelease, s => s.ReleaseTimeout),
    ];
}
