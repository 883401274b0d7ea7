namespace Cion.Core.Jobs;

/// <summary>A step ran past its timeout and was stopped; the job ends <c>failed</c>.</summary>
public sealed class StepTimedOutException(string step, TimeSpan limit)
    : Exception($"{step} timed out after {Config.Duration.Format(limit)} and was stopped")
{
    public string Step { get; } = step;
}
