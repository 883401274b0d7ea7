using Cion.Core.Jobs;
using Cion.Core.Scheduling;
using Prometheus;

namespace Cion.Core.Metrics;

/// <summary>
/// ciond's metrics, in a registry of its own (no process or runtime collectors of prometheus-net's
/// default one): each event is one call here, and <see cref="MetricsTextFile"/> writes them out.
/// Counters and histograms start empty with each daemon; Prometheus reads a drop as a restart.
/// </summary>
/// <remarks>Thread-safe: jobs finish on their own threads while the scheduler's loop sets the gauges.</remarks>
public sealed class CionMetrics
{
    public const string JobsTotal = "cion_jobs_total", QueueLength = "cion_queue_length", RunningJobs = "cion_running_jobs",
        StepDuration = "cion_step_duration_seconds", EngineReady = "cion_engine_ready_seconds", QueueWait = "cion_queue_wait_seconds",
        ReleasesTotal = "cion_releases_total", DaemonMemory = "cion_daemon_memory_bytes";

    // Steps run from a second to an hour (the default timeout); engines answer in about a second, or a minute at the limit.
    private static readonly double[] StepBuckets = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600];
    private static readonly double[] EngineBuckets = [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60];
    private static readonly double[] WaitBuckets = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 600, 1800, 3600];

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Counter _jobs, _releases;
    private readonly Gauge _queued, _running, _memory;
    private readonly Histogram _steps, _engineReady, _queueWait;

    public CionMetrics()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _jobs = factory.CreateCounter(JobsTotal, "Jobs that reached a final status since ciond started, by repository and status.",
            new CounterConfiguration { LabelNames = ["repo", "status"] });
        _releases = factory.CreateCounter(ReleasesTotal, "Release attempts recorded in the deployment ledger since ciond started, by outcome.",
            new CounterConfiguration { LabelNames = ["repo", "environment", "outcome"] });
        _queued = factory.CreateGauge(QueueLength, "Jobs queued and not yet started.");
        _running = factory.CreateGauge(RunningJobs, "Jobs running now.");
        _memory = factory.CreateGauge(DaemonMemory, "ciond's resident memory.");
        _steps = factory.CreateHistogram(StepDuration, "How long each step of a finished job took, by step (the phases of its result file).",
            new HistogramConfiguration { LabelNames = ["step"], Buckets = StepBuckets });
        _engineReady = factory.CreateHistogram(EngineReady, "How long a step's Docker engine took to answer, a warm one's hand-over included.",
            new HistogramConfiguration { LabelNames = ["step"], Buckets = EngineBuckets });
        _queueWait = factory.CreateHistogram(QueueWait, "How long a job waited from its push to its start.",
            new HistogramConfiguration { Buckets = WaitBuckets });
        _registry.AddBeforeCollectCallback(() => _memory.Set(Environment.WorkingSet));
    }

    /// <summary>Set by every change worth writing out at once; <see cref="MetricsTextFile"/> waits on it.</summary>
    public WakeSignal Changed { get; } = new();

    /// <summary>A job reached its final status: count it and its phases.</summary>
    public void JobFinished(string repo, JobState state, IReadOnlyList<(string Phase, long Milliseconds)> phases)
    {
        _jobs.WithLabels(repo, state.ToWord()).Inc();
        foreach (var (phase, ms) in phases)
        {
            var metric = PhaseMetric.For(phase);
            var seconds = ms / 1000.0;
            switch (metric.Kind)
            {
                case PhaseKind.QueueWait: _queueWait.Observe(seconds); break;
                case PhaseKind.EngineReady: _engineReady.WithLabels(metric.Step).Observe(seconds); break;
                default: _steps.WithLabels(metric.Step).Observe(seconds); break;
            }
        }
        Changed.Set();
    }

    /// <summary>A release attempt went into the ledger with <paramref name="outcome"/> (<see cref="State.DeploymentLedger"/>'s words).</summary>
    public void ReleaseRecorded(string repo, string environment, string outcome)
    {
        _releases.WithLabels(repo, environment, outcome).Inc();
        Changed.Set();
    }

    /// <summary>The scheduler's tables after a pass: jobs waiting for a slot, and jobs running.</summary>
    public void Scheduled(int queued, int running)
    {
        if (_queued.Value == queued && _running.Value == running) return;
        _queued.Set(queued);
        _running.Set(running);
        Changed.Set();
    }

    /// <summary>Everything, in Prometheus's text format (version 0.0.4).</summary>
    public async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
