using System.Globalization;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// How many jobs run at once, and in which order. Overlap is counted from the
/// started_at/finished_at times in each result file, never from a stopwatch in the test.
/// </summary>
public sealed class SchedulingTests : EndToEndTest
{
    private const string SlowBuild = "build: {image: cion-test/busybox, cmd: 'sleep 1.5', docker: false}\n";

    [Test]
    public void Daemon_RunsAtMostConcurrencyJobsAtOnce_AndUsesThemAll()
    {
        var repo = Site.CreateRepo();
        var shas = Enumerable.Range(1, 5).Select(i => CommitAndPush(repo, SlowBuild, message: $"job {i}")).ToList();
        Site.StartDaemon(); // concurrency 2 (the default site)

        foreach (var sha in shas) Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));

        var spans = shas.Select(sha => Span(Site, repo.Name, sha)).ToList();
        Assert.That(MostAtOnce(spans), Is.EqualTo(2));
    }

    [Test]
    public void Daemon_StartsTheOldestQueuedJobFirst()
    {
        // One at a time, so start order is queue order and nothing else.
        using var serial = CionSite.Create(TempDir.ForCaller(), concurrency: 1);
        var repo = serial.CreateRepo();
        var shas = Enumerable.Range(1, 4).Select(i => CommitAndPush(repo, SlowBuild.Replace("1.5", "0.2"), message: $"job {i}")).ToList();
        serial.StartDaemon();

        foreach (var sha in shas) serial.WaitForFinalStatus(repo.Name, sha);

        var starts = shas.Select(sha => Span(serial, repo.Name, sha).Start).ToList();
        Assert.That(starts, Is.Ordered, "jobs started in the order they were pushed");
    }

    private static (DateTime Start, DateTime End) Span(CionSite site, string repo, string sha)
    {
        var result = site.ReadFile(repo, sha, "result").Split('\n').Where(l => l.Contains('='))
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        return (Parse(result["started_at"]), Parse(result["finished_at"]));
    }

    private static DateTime Parse(string time) => DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static int MostAtOnce(IEnumerable<(DateTime Start, DateTime End)> spans) =>
        spans.SelectMany(s => new[] { (s.Start, +1), (s.End, -1) })
            .OrderBy(e => e.Item1).ThenBy(e => e.Item2)
            .Aggregate((Now: 0, Most: 0), (acc, e) => (acc.Now + e.Item2, Math.Max(acc.Most, acc.Now + e.Item2))).Most;
}
