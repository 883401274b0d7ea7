namespace Cion.Core.Jobs;

/// <summary>What a run came to, filled in by <see cref="JobRunner"/> alone as the job's story unfolds (steps report, it records); becomes the <c>result</c> file.</summary>
public sealed class JobOutcome
{
    public JobState State { get; set; } = JobState.Running;
    public int? BuildExit { get; set; }
    /// <summary>Whether the config has a test step: only then does <c>result</c> say how it went.</summary>
    public bool HasTestStep { get; set; }
    public int? TestExit { get; set; }
    public int? ReleaseExit { get; set; }
    public string? ReleaseSkippedBecause { get; set; }
    /// <summary>The step that ran past its timeout, if one did.</summary>
    public string? TimedOutStep { get; set; }
    /// <summary>The environment the release went (or would have gone) to.</summary>
    public string? Environment { get; set; }
    /// <summary>Why cion could not run the job, when it ends in <c>error</c>: the first line of what cion.log says.</summary>
    public string? Error { get; set; }
    /// <summary>The Swarm node the job ran on, for <c>result</c>; null on one host.</summary>
    public string? Node { get; set; }
}
