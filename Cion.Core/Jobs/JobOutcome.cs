namespace Cion.Core.Jobs;

/// <summary>What a run came to, filled in as the job's story unfolds; becomes the <c>result</c> file.</summary>
internal sealed class JobOutcome
{
    public JobState State { get; set; } = JobState.Running;
    public int? BuildExit { get; set; }
    public int? ReleaseExit { get; set; }
    public string? ReleaseSkippedBecause { get; set; }
}
