namespace Cion.Core.Metrics;

/// <summary>Which histogram a timed phase of a run goes into.</summary>
public enum PhaseKind
{
    /// <summary><c>cion_step_duration_seconds{step}</c>: checkout, config, build, release_wait, release, cleanup, and any step added later.</summary>
    Step,
    /// <summary><c>cion_engine_ready_seconds{step}</c>: how long a step's Docker engine took to answer.</summary>
    EngineReady,
    /// <summary><c>cion_queue_wait_seconds</c>: from the push to the job's start.</summary>
    QueueWait,
}

/// <summary>
/// Pure: what one of a run's phases (the <c>NAME_ms</c> lines of its <c>result</c>, from <see cref="Jobs.PhaseTimer"/>)
/// counts as in the metrics. The phase names are <see cref="Jobs.JobRunner"/>'s and <see cref="Jobs.StepRunner"/>'s:
/// <c>queue_wait</c>, and <c>STEP_engine_ready</c> for a step's engine; every other phase is a step of the job.
/// </summary>
public readonly record struct PhaseMetric(PhaseKind Kind, string Step)
{
    public const string QueueWaitPhase = "queue_wait";
    public const string EngineReadySuffix = "_engine_ready";

    public static PhaseMetric For(string phase) =>
        phase == QueueWaitPhase ? new(PhaseKind.QueueWait, "")
        : phase.Length > EngineReadySuffix.Length && phase.EndsWith(EngineReadySuffix, StringComparison.Ordinal)
            ? new(PhaseKind.EngineReady, phase[..^EngineReadySuffix.Length])
        : new(PhaseKind.Step, phase);
}
