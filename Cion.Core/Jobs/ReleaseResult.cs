using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>Pure data: how a release that ran to its end came out, for the job's outcome (timeouts and errors leave as exceptions).</summary>
/// <param name="Exit">The release container's exit code; null when it did not run.</param>
/// <param name="SkippedBecause">Why it did not run (<see cref="DeploymentLedger.Superseded"/>); null when it ran.</param>
public sealed record ReleaseResult(int? Exit, string? SkippedBecause)
{
    public static readonly ReleaseResult Superseded = new(null, DeploymentLedger.Superseded);

    /// <summary>A superseded release leaves the job successful: what it would deploy, or newer, is deployed.</summary>
    public JobEvent Event => SkippedBecause is not null || Exit == 0 ? JobEvent.StepsSucceeded : JobEvent.StepFailed;
}
