using Cion.Core.Jobs;
using Cion.Core.Metrics;
using Cion.Tests.Support;

namespace Cion.Tests.Metrics;

public sealed class CionMetricsTests
{
    [Test]
    public async Task Export_CountsJobsReleasesAndPhases_AsTheyWereRecorded()
    {
        var metrics = new CionMetrics();
        metrics.JobFinished("team/app", JobState.Succeeded, [("queue_wait", 40), ("build_engine_ready", 1200), ("build", 7000), ("release", 300)]);
        metrics.JobFinished("team/app", JobState.Failed, [("build", 200)]);
        metrics.JobFinished("team/app", JobState.Succeeded, []);
        metrics.ReleaseRecorded("team/app", "production", "succeeded");
        metrics.Scheduled(queued: 3, running: 2);

        var text = await metrics.ExportAsync();

        Assert.That(PrometheusText.Problems(text), Is.Empty, text);
        Assert.That(PrometheusText.Value(text, """cion_jobs_total{repo="team/app",status="succeeded"}"""), Is.EqualTo("2"));
        Assert.That(PrometheusText.Value(text, """cion_jobs_total{repo="team/app",status="failed"}"""), Is.EqualTo("1"));
        Assert.That(PrometheusText.Value(text, """cion_releases_total{repo="team/app",environment="production",outcome="succeeded"}"""), Is.EqualTo("1"));
        Assert.That(PrometheusText.Value(text, "cion_queue_length"), Is.EqualTo("3"));
        Assert.That(PrometheusText.Value(text, "cion_running_jobs"), Is.EqualTo("2"));
        Assert.That(PrometheusText.Value(text, """cion_step_duration_seconds_count{step="build"}"""), Is.EqualTo("2"));
        Assert.That(PrometheusText.Value(text, """cion_step_duration_seconds_sum{step="build"}"""), Is.EqualTo("7.2"));
        Assert.That(PrometheusText.Value(text, """cion_step_duration_seconds_bucket{step="build",le="5"}"""), Is.EqualTo("1"));
        Assert.That(PrometheusText.Value(text, """cion_step_duration_seconds_bucket{step="build",le="10"}"""), Is.EqualTo("2"));
        Assert.That(PrometheusText.Value(text, """cion_engine_ready_seconds_bucket{step="build",le="2"}"""), Is.EqualTo("1"));
        Assert.That(PrometheusText.Value(text, """cion_engine_ready_seconds_bucket{step="build",le="1"}"""), Is.EqualTo("0"));
        Assert.That(PrometheusText.Value(text, "cion_queue_wait_seconds_count"), Is.EqualTo("1"));
        Assert.That(text, Does.Not.Contain("step=\"queue_wait\"").And.Not.Contain("step=\"build_engine_ready\""));
        Assert.That(long.Parse(PrometheusText.Value(text, "cion_daemon_memory_bytes")!), Is.GreaterThan(1 << 20));
    }

    [Test]
    public async Task Changed_IsSetByAnEvent_AndNotByASchedulerPassThatChangedNothing()
    {
        var metrics = new CionMetrics();
        metrics.Scheduled(1, 0);
        Assert.That(await metrics.Changed.WaitAsync(TimeSpan.Zero, CancellationToken.None), Is.True);

        metrics.Scheduled(1, 0);
        Assert.That(await metrics.Changed.WaitAsync(TimeSpan.Zero, CancellationToken.None), Is.False);

        metrics.ReleaseRecorded("team/app", "staging", "failed");
        Assert.That(await metrics.Changed.WaitAsync(TimeSpan.Zero, CancellationToken.None), Is.True);
    }

    [TestCase("cion_x 1\n", "a sample before its TYPE")]
    [TestCase("# TYPE cion_x gauge\ncion_x one\n", "not a sample")]
    [TestCase("# TYPE cion_x gauge\ncion_x{repo=\"a\"b\"} 1\n", "not a sample")]
    [TestCase("# TYPE cion_x gauge\ncion_x{repo=team} 1\n", "not a sample")]
    [TestCase("# TYPE cion_x gauge\ncion_x 1", "does not end with a line break")]
    [TestCase("# TYPE cion_x gauges\ncion_x 1\n", "not a sample")]
    [TestCase("# TYPE cion_x gauge\n# TYPE cion_x counter\ncion_x 1\n", "a second TYPE")]
    public void PrometheusText_FindsTheProblem_InABrokenExposition(string text, string problem) =>
        Assert.That(PrometheusText.Problems(text), Has.Some.Contains(problem));

    [TestCase("# HELP cion_x What it is.\n# TYPE cion_x histogram\ncion_x_bucket{le=\"+Inf\",repo=\"a\\\"b\\\\c\"} 3\ncion_x_sum 0.5\ncion_x_count 3\n")]
    [TestCase("# TYPE cion_x gauge\ncion_x -1.5e+06 1700000000000\n")]
    public void PrometheusText_AcceptsAValidExposition(string text) =>
        Assert.That(PrometheusText.Problems(text), Is.Empty);
}
