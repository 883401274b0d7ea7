namespace Cion.Core.Jobs;

/// <summary>Where a job is. The words written to the <c>status</c> file come from <see cref="JobStateWords"/>.</summary>
public enum JobState
{
    Queued,
    Running,
    /// <summary>Every step that ran exited 0.</summary>
    Succeeded,
    /// <summary>A step exited non-zero: the project's fault.</summary>
    Failed,
    /// <summary>cion could not run the job (config, image, checkout): not the project's code.</summary>
    Error,
    Cancelled,
}
