using Cion.Core.Config;
using Cion.Core.Jobs;
using Cion.Core.Metrics;
using Cion.Core.State;
using Cion.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cion.Tests.Metrics;

public sealed class MetricsTextFileTests
{
    [Test]
    public async Task Write_PutsTheSameTextInTheStateDirectoryAndTheTextfile_LeavingNoTemporaryFile()
    {
        using var dir = TempDir.ForCaller();
        var metrics = new CionMetrics();
        metrics.JobFinished("team/app", JobState.Failed, [("build", 1500)]);
        var layout = new StateLayout(dir.Combine("state"));
        Directory.CreateDirectory(dir.Combine("textfile"));
        var textfile = dir.Combine("textfile", "cion.prom");

        await new MetricsTextFile(metrics, layout, new ServerConfig { MetricsTextFile = textfile }, NullLogger<MetricsTextFile>.Instance).WriteAsync();

        var written = File.ReadAllText(layout.Metrics);
        Assert.That(PrometheusText.Value(written, """cion_jobs_total{repo="team/app",status="failed"}"""), Is.EqualTo("1"));
        Assert.That(File.ReadAllText(textfile), Is.EqualTo(written));
        Assert.That(Directory.GetFiles(dir.Combine("textfile")), Is.EqualTo(new[] { textfile }), "node_exporter sees only the whole file");
        Assert.That(Path.Combine(layout.Root, "metrics.prom"), Is.EqualTo(layout.Metrics));
    }

    [Test]
    public async Task Write_StillWritesTheStateCopy_WhenTheTextfilesFolderIsMissing()
    {
        using var dir = TempDir.ForCaller();
        var layout = new StateLayout(dir.Combine("state"));
        var file = new MetricsTextFile(new CionMetrics(), layout,
            new ServerConfig { MetricsTextFile = dir.Combine("no-such-folder", "cion.prom") }, NullLogger<MetricsTextFile>.Instance);

        await file.WriteAsync();

        Assert.That(File.ReadAllText(layout.Metrics), Does.Contain("cion_queue_length 0\n"));
        Assert.That(Directory.Exists(dir.Combine("no-such-folder")), Is.False, "the admin's folder is not invented");
    }
}
