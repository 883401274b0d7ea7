using Cion.Core.Config;

namespace Cion.Core.Jobs;

/// <summary>What is known about the job a deploy would release again, read by the caller.</summary>
/// <param name="Source">The earlier job as its run records it; null when no run of it is on disk.</param>
/// <param name="Status">How it ended.</param>
/// <param name="HasArtifacts">Whether its artifacts folder is still there.</param>
/// <param name="Release">The release step of its commit's <c>.cion.yml</c>.</param>
public sealed record DeploySource(Job? Source, JobState? Status, bool HasArtifacts, StepConfig? Release);
