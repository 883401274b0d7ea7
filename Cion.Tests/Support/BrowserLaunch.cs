using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Cion.Tests.Support;

/// <summary>
/// How the tests' Chromium is started: Debian's browser and driver at fixed paths, headless,
/// and nothing that reaches past this machine.
/// </summary>
internal static class BrowserLaunch
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverFolder = "/usr/bin";
    public const string DriverName = "chromedriver";

    /// <summary>
    /// chromedriver at its Debian path, with <paramref name="tempDir"/> as TMPDIR for it and the
    /// browser: the profile and (with --disable-dev-shm-usage) shared memory go there, and so
    /// does the singleton-socket folder Chromium leaves behind on every start.
    /// </summary>
    /// <remarks>
    /// Given the driver's and the browser's paths, Selenium does not run Selenium Manager, its
    /// only part that downloads drivers or sends usage statistics (to plausible.io); a strace of
    /// the test run shows chromedriver and chromium started, nothing else. The two variables
    /// keep Selenium Manager offline and quiet should a later Selenium run it anyway.
    /// </remarks>
    public static ChromeDriverService Service(string tempDir)
    {
        if (!File.Exists(ChromiumPath) || !File.Exists(Path.Combine(DriverFolder, DriverName)))
            Assert.Fail($"{ChromiumPath} or {DriverFolder}/{DriverName} is missing: run 'make test-env' (it installs Debian's chromium and chromium-driver)");
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        Environment.SetEnvironmentVariable("SE_AVOID_STATS", "true");
        var service = ChromeDriverService.CreateDefaultService(DriverFolder, DriverName);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        service.DriverProcessStarting += (_, e) => e.DriverServiceProcessStartInfo.Environment["TMPDIR"] = tempDir;
        return service;
    }

    public static ChromeOptions Options()
    {
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // As root Chromium refuses to start without --no-sandbox; /dev/shm is small in containers.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        // Tests talk to loopback only. Even with chromedriver's --disable-background-networking,
        // Debian's Chromium looks up accounts.google.com, clients2.google.com, update.googleapis.com
        // and optimizationguide-pa.googleapis.com (seen with strace): no name but localhost resolves.
        options.AddArguments("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1");
        // Dialogs stay open until the test's Browser looks for them (Browser.AlertFired).
        options.UnhandledPromptBehavior = UnhandledPromptBehavior.Ignore;
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        return options;
    }
}
