using System.Net;
using Cion.Core.Metrics;
using Cion.Tests.EndToEnd.Web;
using Cion.Tests.Support;
using Cion.Web.Pages;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// ciond's metrics as Prometheus reads them: node_exporter's textfile, and cion-web's <c>/metrics</c>,
/// after real pushes through the real hook. One job at a time, the first held by a file the test
/// writes, so the queue and running gauges are seen while they are 1, not guessed from a clock.
/// </summary>
public sealed class MetricsTests : EndToEndTest
{
    private const string HeldReleasingJob = """
        build:
          image: cion-test/busybox
          docker: false
          cmd: 'echo holding; while [ ! -e "$BUILD_DIR/go" ]; do sleep 0.2; done; echo built > $ARTIFACTS_DIR/out.txt'
        release:
          image: cion-test/busybox
          docker: false
          cmd: 'cat $ARTIFACTS_DIR/out.txt'
        """;

    private const string FailingJob = "build: {image: cion-test/busybox, cmd: 'exit 3', docker: false}\n";

    private const string Succeeded = """cion_jobs_total{repo="team/app",status="succeeded"}""";
    private const string Failed = """cion_jobs_total{repo="team/app",status="failed"}""";

    [Test]
    public void Textfile_CountsJobsByStatusStepsAndReleases_AndCionWebServesTheSame()
    {
        using var node = TempDir.ForCaller();
        var textfile = node.Combine("cion.prom");
        UseSite(extra: $"metrics: {{textfile: {textfile}}}\n", concurrency: 1);
        var repo = Site.CreateRepo();
        var held = CommitAndPush(repo, HeldReleasingJob, message: "held");
        var failing = CommitAndPush(repo, FailingJob, message: "fails");
        Site.StartDaemon();

        var during = WaitForMetrics(textfile, t => PrometheusText.Value(t, "cion_running_jobs") == "1" && PrometheusText.Value(t, "cion_queue_length") == "1",
            "one job running and one queued");
        Assert.That(PrometheusText.Value(during, Succeeded), Is.Null, "nothing has finished yet");
        Wait.Until(() => Site.TryReadFile(repo.Name, held, "build.log")?.Contains("holding") == true, "the held build under way");
        File.WriteAllText(Path.Combine(Site.State, "work", Site.JobId(repo.Name, held), "src", "go"), "");
        Assert.That(Site.WaitForFinalStatus(repo.Name, held), Is.EqualTo("succeeded"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, failing), Is.EqualTo("failed"));

        var text = WaitForMetrics(textfile, t => PrometheusText.Value(t, Failed) == "1" && PrometheusText.Value(t, "cion_running_jobs") == "0",
            "the failed job counted and no job running");
        Assert.That(PrometheusText.Problems(text), Is.Empty, text);
        Assert.That(PrometheusText.Value(text, Succeeded), Is.EqualTo("1"), text);
        Assert.That(PrometheusText.Value(text, "cion_queue_length"), Is.EqualTo("0"));
        Assert.That(PrometheusText.Value(text, """cion_step_duration_seconds_bucket{step="build",le="+Inf"}"""), Is.EqualTo("2"));
        Assert.That(PrometheusText.Value(text, """cion_step_duration_seconds_count{step="release"}"""), Is.EqualTo("1"));
        Assert.That(text, Does.Match("""cion_step_duration_seconds_bucket\{step="checkout",le="[0-9.]+"\} [0-2]\n"""));
        Assert.That(PrometheusText.Value(text, """cion_releases_total{repo="team/app",environment="production",outcome="succeeded"}"""), Is.EqualTo("1"));
        Assert.That(PrometheusText.Value(text, "cion_queue_wait_seconds_count"), Is.EqualTo("2"));
        Assert.That(long.Parse(PrometheusText.Value(text, CionMetrics.DaemonMemory)!), Is.GreaterThan(1 << 20));
        Assert.That(Stable(File.ReadAllText(Path.Combine(Site.State, "metrics.prom"))), Is.EqualTo(Stable(text)), "the state directory's copy");

        var web = Site.StartWeb();
        var served = web.Get("metrics");
        Assert.That(served.Status, Is.EqualTo(HttpStatusCode.OK), served.Body);
        Assert.That(served.Header("Content-Type"), Is.EqualTo(MetricsRoute.ContentType));
        Assert.That(Stable(served.Body), Is.EqualTo(Stable(text)));
        var head = web.Send(HttpMethod.Head, "metrics");
        Assert.That((head.Status, head.Bytes.Length), Is.EqualTo((HttpStatusCode.OK, 0)));
    }

    [TestCase("POST")]
    [TestCase("PUT")]
    [TestCase("DELETE")]
    public void WebMetrics_IsRefusedWith405_ForAMethodThatWouldWrite(string method)
    {
        var web = Site.StartWeb();
        var (status, response) = RawHttp.Send(web.Url("/"), method, web.Url("metrics").AbsolutePath);

        Assert.That(status, Is.EqualTo(405), response);
        Assert.That(response, Does.Contain("Allow: GET, HEAD"));
    }

    [TestCase("/metrics/../../etc/passwd")]
    [TestCase("/metrics/..%2f..%2f..%2fetc%2fpasswd")]
    [TestCase("/metrics/%2e%2e/%2e%2e/cion.yml")]
    [TestCase("/metrics%2f..%2f..%2fcion.yml")]
    [TestCase("/metrics/../state/metrics.prom")]
    public void WebMetrics_ServesNoOtherFile_ForAPathThatClimbs(string target)
    {
        WriteStateMetrics(DateTime.UtcNow);
        var web = Site.StartWeb();

        var (status, response) = RawHttp.Send(web.Url("/"), "GET", target);

        Assert.That(status, Is.AnyOf(400, 404), response);
        Assert.That(response, Does.Not.Contain("root:x:0:0").And.Not.Contain("spool:").And.Not.Contain("cion_queue_length"));
    }

    [Test]
    public void WebMetrics_Is503WithAOneLineReason_UntilCiondHasWrittenThemRecently()
    {
        var web = Site.StartWeb();

        var missing = web.Get("metrics");
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(missing.Body, Does.StartWith("no metrics yet: ciond writes metrics.prom").And.EndWith("\n"));
        Assert.That(missing.Body.TrimEnd('\n'), Does.Not.Contain('\n').And.Not.Contain(Site.State), "one line, no host path");

        WriteStateMetrics(DateTime.UtcNow - MetricsRoute.StaleAfter - TimeSpan.FromMinutes(1));
        var stale = web.Get("metrics");
        Assert.That(stale.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(stale.Body, Does.StartWith("stale metrics: ciond last wrote metrics.prom"));

        WriteStateMetrics(DateTime.UtcNow);
        var fresh = web.Get("metrics");
        Assert.That(fresh.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(fresh.Body, Is.EqualTo(StateMetrics));
        Assert.That(fresh.Header("Cache-Control"), Is.EqualTo("no-cache"));
    }

    private const string StateMetrics = "# TYPE cion_queue_length gauge\ncion_queue_length 4\n";

    private void WriteStateMetrics(DateTime writtenAt)
    {
        var path = Path.Combine(Site.State, "metrics.prom");
        Directory.CreateDirectory(Site.State);
        File.WriteAllText(path, StateMetrics);
        File.SetLastWriteTimeUtc(path, writtenAt);
    }

    /// <summary>The file's text once <paramref name="ready"/> holds for it; it is replaced whole, so never read half-written.</summary>
    private static string WaitForMetrics(string path, Func<string, bool> ready, string what) =>
        Wait.Until(() => File.Exists(path) && File.ReadAllText(path) is var text && ready(text) ? text : null, $"{what} in {path}");

    /// <summary>All but the memory gauge, which moves between two writes.</summary>
    private static string Stable(string text) => PrometheusText.Without(text, CionMetrics.DaemonMemory);
}
