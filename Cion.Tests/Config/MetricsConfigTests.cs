using Cion.Core.Config;
using Cion.Tests.Support;

namespace Cion.Tests.Config;

/// <summary><c>metrics.textfile</c>: where ciond also writes its metrics for node_exporter.</summary>
public sealed class MetricsConfigTests
{
    private const string File = "/etc/cion/cion.yml";

    [TestCase("{}", null)]
    [TestCase("metrics: {}", null)]
    [TestCase("metrics: {textfile: /var/lib/node_exporter/textfile_collector/cion.prom}", "/var/lib/node_exporter/textfile_collector/cion.prom")]
    [TestCase("metrics:\n  textfile: '/srv/metrics dir/cion.prom'", "/srv/metrics dir/cion.prom")]
    public void Parse_ReadsTheTextfile(string text, string? expected) =>
        Assert.That(ServerConfigParser.Parse(text + "\n", File).MetricsTextFile, Is.EqualTo(expected));

    [TestCase("metrics: {textfile: cion.prom}", "/etc/cion/cion.yml:1: metrics.textfile: 'cion.prom' is not an absolute path")]
    [TestCase("metrics:\n  textfile: ./metrics/cion.prom", "/etc/cion/cion.yml:2: metrics.textfile: './metrics/cion.prom' is not an absolute path")]
    [TestCase("metrics: {textfile: /var/lib/textfile/}", "/etc/cion/cion.yml:1: metrics.textfile: '/var/lib/textfile/' names a folder: give the file, such as /var/lib/textfile/cion.prom")]
    [TestCase("metrics: {textfile: /var/lib/textfile/cion.txt}", "/etc/cion/cion.yml:1: metrics.textfile: '/var/lib/textfile/cion.txt' does not end in .prom, the only files node_exporter's textfile collector reads")]
    [TestCase("metrics: {textfile: /var/lib/../../etc/cion.prom}", "/etc/cion/cion.yml:1: metrics.textfile: '/var/lib/../../etc/cion.prom' has a . or .. part")]
    [TestCase("metrics: {textfile: [/a.prom]}", "/etc/cion/cion.yml:1: metrics.textfile: expected a string, found a list")]
    [TestCase("metrics:\n  text_file: /a.prom", "/etc/cion/cion.yml:2: metrics.text_file: unknown key (known: textfile)")]
    [TestCase("metrics:\n  listen: 127.0.0.1:9100", "/etc/cion/cion.yml:2: metrics.listen: unknown key (known: textfile)")]
    [TestCase("metrics: /a.prom", "/etc/cion/cion.yml:1: metrics: expected a map such as {textfile: /var/lib/node_exporter/textfile_collector/cion.prom}, found '/a.prom'")]
    [TestCase("metric: {textfile: /a.prom}", "/etc/cion/cion.yml:1: metric: unknown key (known: spool, state, repos, docker, concurrency, log, dind, services, timeouts, wait_timeout, log_limit, secrets, keep, web, environments, notify, metrics, runner, swarm)")]
    public void Parse_NamesFileLineAndKey_OfABadMetricsSetting(string text, string error)
    {
        var e = Assert.Throws<ConfigException>(() => ServerConfigParser.Parse(text + "\n", File));

        Assert.That(e!.Errors.Select(x => x.ToString()), Does.Contain(error));
    }

    [Test]
    public void Parse_WritesNoTextfile_WithThePackagesConfig_AndReadsItsCommentedExample()
    {
        var packaged = System.IO.File.ReadAllText(Path.Combine(Binaries.RepoRoot, "packaging", "debian", "cion.yml"));
        var example = packaged.Split('\n').Single(l => l.StartsWith("# metrics: ", StringComparison.Ordinal));

        Assert.That(ServerConfigParser.Parse(packaged, File).MetricsTextFile, Is.Null);
        Assert.That(ServerConfigParser.Parse(example[2..] + "\n", File).MetricsTextFile, Is.EqualTo("/var/lib/prometheus/node-exporter/cion.prom"));
    }
}
