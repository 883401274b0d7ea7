using System.Net;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// The browser tests' own footing, against the real things: the shared Chromium and a real
/// cion-web. No Docker engine is needed here.
/// </summary>
[Category("Web")]
public sealed class WebSupportTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private TempDir _dir = null!;

    [SetUp]
    public void CreateDir() => _dir = TempDir.Named(TestContext.CurrentContext.Test.Name, nameof(WebSupportTests));

    [TearDown]
    public void RemoveDir() => _dir.Dispose();

    private static string Page(string html) => "data:text/html;charset=utf-8," + Uri.EscapeDataString(html);

    [Test]
    public void Browser_FindsAnElementAndSavesAPng_OnADataPage()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<h1 id='greeting'>hello, cion</h1>"));

        Assert.That(browser.Find("#greeting").Text, Is.EqualTo("hello, cion"));
        var png = browser.Screenshot("greeting");
        Assert.That(File.ReadAllBytes(png).Take(8), Is.EqualTo(PngSignature), png);
    }

    [Test]
    public void Browser_WaitFor_SeesAnElementThePageAddsLater()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<script>setTimeout(() => document.body.innerHTML = '<p class=late>ok</p>', 300)</script>"));

        Assert.That(browser.WaitFor("p.late", p => p.Text == "ok").Text, Is.EqualTo("ok"));
    }

    [Test]
    public void Browser_WaitFor_FailsWithAScreenshot_WhenNothingMatches()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<p>nothing to wait for</p>"));

        var error = Assert.Throws<TimeoutException>(() => browser.WaitFor("p.never", timeout: TimeSpan.FromMilliseconds(200)));
        Assert.That(error!.Message, Does.Contain("p.never"));
        var screenshot = error.Message[(error.Message.IndexOf("(screenshot: ", StringComparison.Ordinal) + 13)..^1];
        Assert.That(File.Exists(screenshot), Is.True, error.Message);
    }

    [Test]
    public void AlertFired_IsTrue_WhenThePageCallsAlertAsItLoads()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<p>before</p><script>alert('boom')</script>"));

        Assert.That(browser.AlertFired(), Is.True);
        Assert.That(browser.Alerts, Is.EqualTo(new[] { "boom" }));
        Assert.That(browser.Find("p").Text, Is.EqualTo("before"), "the page goes on once the alert is dismissed");
    }

    [Test]
    public void AlertFired_IsTrue_WhenAClickOpensAConfirm()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<button onclick=\"confirm('sure?')\">go</button>"));
        browser.Find("button").Click();

        Assert.That(browser.AlertFired(), Is.True);
    }

    [Test]
    public void AlertFired_IsFalse_WhenThePageCallsNoAlert()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<p>quiet</p><script>console.log('no alert here')</script>"));

        Assert.That(browser.AlertFired(), Is.False);
    }

    [Test]
    public void AlertFired_IsFalse_AfterReset()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<script>alert('old')</script>"));
        browser.Reset();

        Assert.That(browser.AlertFired(), Is.False);
    }

    [Test]
    public void ConsoleErrors_HoldsWhatThePageThrew()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<script>console.error('it broke')</script>"));

        Assert.That(browser.ConsoleErrors(), Has.Some.Contains("it broke"));
    }

    [Test]
    public void Browser_Download_LandsInThisTestsDownloadDir()
    {
        var browser = Browser.Shared;
        browser.Open(Page("<a download='hello.txt' href='data:text/plain,hello%20artifact'>artifact</a>"));
        browser.Find("a").Click();

        var file = browser.WaitForDownload("hello.txt");
        Assert.That(File.ReadAllText(file), Is.EqualTo("hello artifact"));
    }

    [Test]
    public void Reset_ClosesExtraTabsAndEmptiesTheDownloadDir()
    {
        var browser = Browser.Shared;
        var before = browser.DownloadDir;
        File.WriteAllText(Path.Combine(before, "left.txt"), "left over");
        browser.Driver.SwitchTo().NewWindow(OpenQA.Selenium.WindowType.Tab);
        browser.Reset();

        Assert.That(browser.Driver.WindowHandles, Has.Count.EqualTo(1));
        Assert.That(browser.Url, Is.EqualTo("about:blank"));
        Assert.That(Directory.Exists(before), Is.False);
        Assert.That(Directory.GetFiles(browser.DownloadDir), Is.Empty);
    }

    [Test]
    public void WebProcess_AnswersHttpAndStopsOnSigterm_OnASiteConfig()
    {
        using var site = CionSite.Create(_dir);
        var web = site.StartWeb();

        Assert.That(web.BaseUrl, Does.Match(@"^http://127\.0\.0\.1:\d+/$"));
        var answer = web.Get("no-such-page");
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.NotFound), web.Output);
        Assert.That(web.Stop(), Is.Zero, web.Output);
        Assert.Throws<HttpRequestException>(() => web.Get("no-such-page"), "nothing listens once it stopped");
    }

    [Test]
    public void WebProcess_BaseUrl_HasTheConfiguredBasePath()
    {
        using var site = CionSite.Create(_dir, extra: "web:\n  base_path: /tools/ci/\n");
        var web = site.StartWeb();

        Assert.That(web.BaseUrl, Does.Match(@"^http://127\.0\.0\.1:\d+/tools/ci/$"));
        Assert.That(web.Url("jobs").AbsolutePath, Is.EqualTo("/tools/ci/jobs"));
    }

    [Test]
    public void Browser_ReachesCionWeb_OnLoopback()
    {
        using var site = CionSite.Create(_dir);
        var web = site.StartWeb();
        var browser = Browser.Shared;
        var page = web.Url("no-such-page").ToString();
        browser.Open(page);

        Assert.That(browser.Url, Is.EqualTo(page));
    }

    [Test]
    public void WebProcess_FailsWithCionWebsOutput_WhenItExitsBeforeListening()
    {
        using var site = CionSite.Create(_dir, extra: "web:\n  colour: blue\n");

        var error = Assert.Throws<InvalidOperationException>(() => site.StartWeb());
        Assert.That(error!.Message, Does.Contain("exited 2").And.Contain("web.colour"));
    }

    [Test]
    public void CionWeb_Exits2AndNamesTheProblem_WhenListenIsNotAnAddress()
    {
        using var site = CionSite.Create(_dir);

        var run = Shell.Run(Binaries.CionWeb, "--config", site.ConfigPath, "--listen", "localhost:8070");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output);
        Assert.That(run.Stderr, Does.Contain("--listen").And.Contain("'localhost' is not an IP address"));
    }
}
