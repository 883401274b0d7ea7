using System.Text.RegularExpressions;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd.Web;

/// <summary>The live parts against running jobs: a log stream that resumes exactly, a keep-alive, and the overview's change events.</summary>
public sealed partial class WebLiveTests : EndToEndTest
{
    [Test]
    public void JobEvents_ResumeAfterADroppedConnection_WithoutLosingOrRepeatingLines()
    {
        Site.StartDaemon();
        var web = Site.StartWeb();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'for i in $(seq 1 40); do echo line-$i; sleep 0.1; done'}\n");
        var id = Wait.Until(() => Site.TryReadFile(repo.Name, sha, "job") is not null ? Site.JobId(repo.Name, sha) : null, "the job's run folder");
        var events = new Uri(web.Url($"team/app/-/jobs/{id}/events").AbsoluteUri + "?cursor=");

        var lines = new List<string>();
        string? lastId;
        using (var first = new SseReader(events))
        {
            Assert.That(first.Headers["Content-Type"], Does.StartWith("text/event-stream"));
            Assert.That(first.Headers["X-Accel-Buffering"], Is.EqualTo("no"));
            Assert.That(first.Headers["Cache-Control"], Is.EqualTo("no-cache"));
            lastId = ReadLines(first, lines, until: () => lines.Count >= 5);
        }
        // Lines go on being written while nobody listens; the next connection must pick up exactly there.
        Wait.Until(() => Site.ReadFile(repo.Name, sha, "build.log").Contains("line-15"), "more lines while disconnected");
        using (var second = new SseReader(events, lastId))
            ReadLines(second, lines, until: () => false);

        Assert.That(lines, Is.EqualTo(Enumerable.Range(1, 40).Select(i => $"line-{i}")), "every line once, in order");
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
    }

    [Test]
    public void JobEvents_SendAKeepAliveComment_WhileTheLogIsQuiet()
    {
        Site.StartDaemon();
        var web = Site.StartWeb();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo start; sleep 18; echo done'}\n");
        var id = Wait.Until(() => Site.TryReadFile(repo.Name, sha, "job") is not null ? Site.JobId(repo.Name, sha) : null, "the job's run folder");

        using var stream = new SseReader(web.Url($"team/app/-/jobs/{id}/events"));
        var seen = new List<SseEvent>();
        while (stream.Next(TimeSpan.FromSeconds(60)) is { } e && e.Name != "end")
        {
            seen.Add(e);
            if (e.Data.Contains("done")) break;
        }

        Assert.That(stream.Comments, Does.Contain("keep-alive"), "a comment within 15 s of quiet");
        Assert.That(seen.Select(e => e.Data), Has.Some.Contains("start").And.Some.Contains("done"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
    }

    [Test]
    public void OverviewEvents_SayChanged_WhenAJobIsQueuedAndWhenItEnds()
    {
        Site.StartDaemon();
        var web = Site.StartWeb();
        var repo = Site.CreateRepo();
        CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'true'}\n", message: "first");

        using var stream = new SseReader(web.Url("events"));
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'sleep 2'}\n", message: "second");
        var changed = stream.Next(TimeSpan.FromSeconds(30));
        Assert.That(changed?.Name, Is.EqualTo("changed"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        // The page a change event makes the browser fetch shows the new state.
        Wait.Until(() => web.Get("").Body.Contains("data-status=\"succeeded\">") && web.Get("").Body.Contains("second"), "the overview showing the second job done");
    }

    [Test]
    public void Stop_EndsOpenEventStreams_AndExitsCleanly()
    {
        var web = Site.StartWeb();
        using var stream = new SseReader(web.Url("events"));

        // Without ending its streams, Kestrel waits for them past the 10 s the harness allows, and cion-web is killed.
        Assert.That(web.Stop(), Is.Zero, web.Output);
        Assert.That(stream.Next(TimeSpan.FromSeconds(10)), Is.Null, "the server closed the stream");
    }

    /// <summary>Collects the build log's lines from log-build events until the stream ends or <paramref name="until"/> holds; returns the last event id.</summary>
    private static string? ReadLines(SseReader stream, List<string> lines, Func<bool> until)
    {
        string? lastId = null;
        while (!until() && stream.Next() is { } e)
        {
            lastId = e.Id ?? lastId;
            if (e.Name == "log-build")
                lines.AddRange(e.Data.Split('\n').Select(l => Tags().Replace(l, "")).Where(l => l.Length > 0));
            if (e.Name == "end") break;
        }
        return lastId;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
