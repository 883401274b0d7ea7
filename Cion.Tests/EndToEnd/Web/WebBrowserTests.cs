using OpenQA.Selenium;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd.Web;

/// <summary>The page as a person sees it, in a real Chromium: live lines, a status that turns, a download, a badge, and script that never runs.</summary>
public sealed class WebBrowserTests : EndToEndTest
{
    [Test]
    public void JobPage_ShowsLinesAsTheyArrive_TurnsSucceeded_AndDownloadsTheArtifact_WithoutAReload()
    {
        Site.StartDaemon();
        var web = Site.StartWeb();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build:
              image: cion-test/busybox
              docker: false
              cmd: 'for i in $(seq 1 6); do echo tick-$i; sleep 1; done; printf "\033[32mall green\033[0m\n"; echo built-bytes > $ARTIFACTS_DIR/out.txt'
            """, message: "a build that takes six seconds");
        var id = WaitForJobId(repo, sha);
        var browser = Browser.Shared;

        browser.Open(web.Url($"team/app/-/jobs/{id}").AbsoluteUri);
        // A reload would lose this: it proves the lines below came over the event stream.
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("window.cionTestMarker = 'same page';");
        browser.WaitFor("#log-build", e => e.Text.Contains("tick-2"));
        Assert.That(browser.Find("#status").Text, Is.EqualTo("running"), "lines arrived while the job ran");
        browser.WaitFor("#status", e => e.Text == "succeeded");
        browser.WaitFor("#log-build", e => e.Text.Contains("tick-6") && e.Text.Contains("all green"));
        Assert.That(browser.Find("#log-build .ansi-fg-2").Text, Is.EqualTo("all green"), "colours are shown as colours");
        Assert.That(((IJavaScriptExecutor)browser.Driver).ExecuteScript("return window.cionTestMarker;"), Is.EqualTo("same page"));
        browser.Screenshot("job-page");

        browser.WaitFor("a.artifact", e => e.Text == "out.txt").Click();
        Assert.That(File.ReadAllText(browser.WaitForDownload("out.txt")), Is.EqualTo("built-bytes\n"));
        Assert.That(browser.AlertFired(), Is.False);
    }

    [Test]
    public void Overview_ShowsAFailedJobsBadgeAsFailed()
    {
        Site.StartDaemon();
        var web = Site.StartWeb();
        var repo = Site.CreateRepo();
        var good = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo fine'}\n", message: "a good commit");
        Assert.That(Site.WaitForFinalStatus(repo.Name, good), Is.EqualTo("succeeded"));
        var bad = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo broken; exit 1'}\n", "feature/x", "a broken commit");
        Assert.That(Site.WaitForFinalStatus(repo.Name, bad), Is.EqualTo("failed"));
        var browser = Browser.Shared;

        browser.Open(web.BaseUrl);
        browser.WaitFor("tr[data-branch='feature/x'] .status", e => e.Text == "failed");
        var badge = browser.Find("img.badge");
        Assert.That(((IJavaScriptExecutor)browser.Driver).ExecuteScript("return arguments[0].naturalWidth;", badge), Is.GreaterThan(0), "the badge image loaded");
        browser.Screenshot("overview");

        browser.Open(web.Url("badge/team/app/feature/x.svg").AbsoluteUri);
        Assert.That(browser.Driver.PageSource, Does.Contain(">failed<"));
        browser.Open(web.Url("badge/team/app/main.svg").AbsoluteUri);
        Assert.That(browser.Driver.PageSource, Does.Contain(">succeeded<"));
    }

    [Test]
    public void JobPage_RunsNoScriptFromTheLog_WhetherRenderedOrStreamedLive()
    {
        Site.StartDaemon();
        var web = Site.StartWeb();
        var repo = Site.CreateRepo();
        // Printed once before the page opens (rendered by the server) and once after (arrives over the stream).
        var sha = CommitAndPush(repo, """
            build:
              image: cion-test/busybox
              docker: false
              cmd: |
                echo '<script>alert(1)</script><img src=x onerror=alert(2)>'
                sleep 3
                echo '<script>alert(3)</script><img src=y onerror=alert(4)><b id=injected>bold?</b>'
                sleep 1
            """);
        var id = WaitForJobId(repo, sha);
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("alert(1)") == true, "the first hostile line in the log");
        var browser = Browser.Shared;

        browser.Open(web.Url($"team/app/-/jobs/{id}").AbsoluteUri);
        browser.WaitFor("#status", e => e.Text == "succeeded");
        browser.WaitFor("#log-build", e => e.Text.Contains("alert(3)"));

        Assert.That(browser.AlertFired(), Is.False, "no alert ran");
        Assert.That(browser.Find("#log-build").Text, Does.Contain("<script>alert(1)</script><img src=x onerror=alert(2)>"));
        Assert.That(browser.FindAll("#log-build img, #log-build script, #log-build b, #injected"), Is.Empty, "no injected element exists");
        Assert.That(browser.FindAll("script").Count, Is.EqualTo(1), "only the page's own script");
        Assert.That(browser.ConsoleErrors(), Is.Empty);
    }

    private string WaitForJobId(BareRepo repo, string sha) =>
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "job") is not null ? Site.JobId(repo.Name, sha) : null, "the job's run folder");
}
