using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Cion.Tests.Support;

/// <summary>
/// One real Chromium (Debian's, driven by Debian's chromedriver; <c>make test-env</c> installs
/// both) shared by the whole run: started on first use, quit once by <c>AssemblySetup</c>.
/// The first use in each test resets it (<see cref="Reset"/>), so a test starts on a blank
/// tab with an empty download folder and no alert on record.
/// </summary>
/// <remarks>Not thread-safe: the tests run one at a time (see AssemblySetup.cs).</remarks>
public sealed class Browser
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static Browser? _shared;
    private readonly ChromeDriver _driver;
    private readonly TempDir _temp;
    private readonly List<string> _alerts = [];
    private TempDir? _downloads;
    private string? _testId;

    private Browser(ChromeDriver driver, TempDir temp, TimeSpan startedIn)
    {
        _driver = driver;
        _temp = temp;
        StartedIn = startedIn;
    }

    /// <summary>The run's browser, started if this is its first use and reset if this test has not used it yet.</summary>
    public static Browser Shared
    {
        get
        {
            var testId = TestContext.CurrentContext.Test.ID;
            if (_shared?._testId == testId) return _shared;
            try
            {
                _shared?.Reset();
            }
            catch (WebDriverException)
            {
                QuitShared(); // a browser that cannot even go blank (it crashed in the last test) is replaced
            }
            _shared ??= Launch();
            _shared._testId = testId;
            return _shared;
        }
    }

    /// <summary>Ends the run's browser, if one was started, and removes its downloads (AssemblySetup calls this once, at the end).</summary>
    public static void QuitShared()
    {
        if (_shared is null) return;
        try
        {
            _shared._driver.Quit();
        }
        finally
        {
            _shared._downloads?.Dispose();
            _shared._temp.Dispose();
            _shared = null;
        }
    }

    /// <summary>The driver itself, for what this class does not cover.</summary>
    public IWebDriver Driver => _driver;

    /// <summary>How long the browser took to start and answer (the first test that uses it pays this).</summary>
    public TimeSpan StartedIn { get; }

    /// <summary>Where this test's downloads land: a fresh folder for each test.</summary>
    public string DownloadDir => _downloads!.Path;

    /// <summary>Texts of the JS alerts, confirms and prompts seen since the reset (each was dismissed).</summary>
    public IReadOnlyList<string> Alerts => _alerts;

    public void Open(string url) => Guard(() => _driver.Navigate().GoToUrl(url));

    public string Url => Guard(() => _driver.Url);

    public IWebElement Find(string css) => Guard(() => _driver.FindElement(By.CssSelector(css)));

    public IReadOnlyList<IWebElement> FindAll(string css) => Guard(() => _driver.FindElements(By.CssSelector(css)));

    /// <summary>Polls until an element matches <paramref name="css"/> (and <paramref name="predicate"/>); on time-out, fails with a screenshot.</summary>
    public IWebElement WaitFor(string css, Func<IWebElement, bool>? predicate = null, TimeSpan? timeout = null)
    {
        try
        {
            return Wait.Until(() => Guard(() => FirstMatch(css, predicate)), $"an element '{css}' at {Url}", timeout ?? DefaultTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} (screenshot: {Screenshot("timeout")})", e);
        }
    }

    /// <summary>Waits until <paramref name="fileName"/> is whole in <see cref="DownloadDir"/> (Chromium writes <c>NAME.crdownload</c>, then renames); returns its path.</summary>
    public string WaitForDownload(string fileName, TimeSpan? timeout = null)
    {
        var path = Path.Combine(DownloadDir, fileName);
        Wait.Until(() => File.Exists(path), $"the download {path}", timeout ?? DefaultTimeout);
        return path;
    }

    /// <summary>Saves the page as <c>WORKDIR/screenshots/TEST-NAME.png</c>, attaches it to the test and returns its path.</summary>
    public string Screenshot(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileNamePart($"{TestContext.CurrentContext.Test.Name}-{name}") + ".png");
        Guard(() => _driver.GetScreenshot()).SaveAsFile(path);
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    /// <summary>
    /// Whether a JS alert, confirm or prompt opened since the reset. The browser leaves dialogs
    /// open (unhandled prompt behaviour 'ignore'), so one that opened and was never seen is still
    /// there to find; one that got in the way of a command was recorded and dismissed then.
    /// </summary>
    public bool AlertFired()
    {
        DismissOpenAlert();
        return _alerts.Count > 0;
    }

    /// <summary>The messages the page logged at level SEVERE (console.error, uncaught exceptions, failed loads) since the last call.</summary>
    public IReadOnlyList<string> ConsoleErrors() =>
        [.. Guard(() => _driver.Manage().Logs.GetLog(LogType.Browser)).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message)];

    /// <summary>Back to one blank tab, a fresh empty download folder, no alerts or console messages on record.</summary>
    public void Reset()
    {
        DismissOpenAlert();
        var handles = _driver.WindowHandles;
        foreach (var extra in handles.Skip(1))
        {
            _driver.SwitchTo().Window(extra);
            _driver.Close();
        }
        _driver.SwitchTo().Window(handles[0]);
        _driver.Navigate().GoToUrl("about:blank");
        _driver.Manage().Logs.GetLog(LogType.Browser);
        _alerts.Clear();
        UseFreshDownloadDir();
    }

    private static Browser Launch()
    {
        var clock = Stopwatch.StartNew();
        var temp = TempDir.Named("run", "browser");
        ChromeDriver driver;
        try
        {
            driver = new ChromeDriver(BrowserLaunch.Service(temp.Path), BrowserLaunch.Options(), TimeSpan.FromSeconds(60));
        }
        catch
        {
            temp.Dispose();
            throw;
        }
        var browser = new Browser(driver, temp, clock.Elapsed);
        browser.Reset();
        TestContext.Progress.WriteLine($"browser: {driver.Capabilities.GetCapability("browserVersion")} started in {browser.StartedIn.TotalSeconds:F1} s");
        return browser;
    }

    private IWebElement? FirstMatch(string css, Func<IWebElement, bool>? predicate)
    {
        try
        {
            return _driver.FindElements(By.CssSelector(css)).FirstOrDefault(e => predicate is null || predicate(e));
        }
        catch (StaleElementReferenceException)
        {
            return null; // the page replaced the element while it was being looked at: look again
        }
    }

    private void UseFreshDownloadDir()
    {
        _downloads?.Dispose();
        _downloads = TempDir.Named(TestContext.CurrentContext.Test.Name, "downloads");
        _driver.ExecuteCdpCommand("Browser.setDownloadBehavior", new() { ["behavior"] = "allow", ["downloadPath"] = DownloadDir });
    }

    /// <summary>Runs a driver command; if an open dialog refuses it, records the dialog, dismisses it and runs the command again.</summary>
    private T Guard<T>(Func<T> command)
    {
        try
        {
            return command();
        }
        catch (UnhandledAlertException)
        {
            DismissOpenAlert();
            return command();
        }
    }

    private void Guard(Action command) => Guard(() => { command(); return 0; });

    private void DismissOpenAlert()
    {
        try
        {
            var alert = _driver.SwitchTo().Alert();
            _alerts.Add(alert.Text ?? "");
            alert.Dismiss();
        }
        catch (NoAlertPresentException)
        {
        }
    }

    private static string FileNamePart(string text) => new([.. text.Take(100).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
}
