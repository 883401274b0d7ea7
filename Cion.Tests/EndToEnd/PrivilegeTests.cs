using System.Text.RegularExpressions;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// How a root engine gets its privileges, for the trusted repository (team/app) that asks for one.
/// This machine's engine refuses privileged containers (see shared/docker-notes.md), so the
/// automatic fallback is the path that runs here.
/// </summary>
public sealed partial class PrivilegeTests : EndToEndTest
{
    private const string EngineBuild = "build: {image: cion-test/docker, docker: root, cmd: 'docker info --format {{.ServerVersion}}'}\n";
    private const string TrustsTheSitesRepo = "trusted: [team/*]";
    protected override string DindConfig => $"{RootlessProfile}\n{TrustsTheSitesRepo}";

    [Test]
    public void Engine_FallsBackOnceAndSaysSoOnce_WhereTheHostRefusesPrivilegedContainers()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = CommitAndPush(repo, EngineBuild, message: "first");
        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));
        var second = CommitAndPush(repo, EngineBuild, message: "second");
        Assert.That(Site.WaitForFinalStatus(repo.Name, second), Is.EqualTo("succeeded"));

        var firstLog = Site.ReadFile(repo.Name, first, "cion.log");
        var fallbacks = FallbackLine().Matches(daemon.Output).Count;
        if (firstLog.Contains("(privileged)"))
            Assert.That(fallbacks, Is.Zero, "a host that allows privileged containers needs no fallback");
        else
        {
            Assert.That(firstLog, Does.Contain("from cion-test/dind (capabilities)"));
            Assert.That(fallbacks, Is.EqualTo(1), daemon.Output);
            Assert.That(Site.ReadFile(repo.Name, second, "cion.log"), Does.Contain("(capabilities)"));
        }
    }

    [Test]
    public void Engine_UsesTheCapabilitiesProfileWithoutTryingPrivileged_WhenConfigured()
    {
        UseSite(dind: $"profile: capabilities\n{TrustsTheSitesRepo}");
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, EngineBuild);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("(capabilities)"));
        Assert.That(FallbackLine().IsMatch(daemon.Output), Is.False);
    }

    [Test]
    public void PrivilegedService_IsRefused_UnlessTheServerAllowsIt()
    {
        const string Config = """
            build: {image: cion-test/busybox, docker: false, cmd: 'true'}
            services:
              helper: {image: cion-test/busybox, privileged: true, cmd: 'sleep 60'}
            """;
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var refused = CommitAndPush(repo, Config);

        Assert.That(Site.WaitForFinalStatus(repo.Name, refused), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(repo.Name, refused, "cion.log"),
            Does.Contain("services.helper.privileged: refused: this server does not allow privileged services"));

        UseSite(extra: "services: {allow_privileged: true}\n");
        Site.StartDaemon();
        var allowedRepo = Site.CreateRepo();
        var allowed = CommitAndPush(allowedRepo, Config);
        Assert.That(Site.WaitForFinalStatus(allowedRepo.Name, allowed), Is.EqualTo("succeeded"), Site.TryReadFile(allowedRepo.Name, allowed, "cion.log"));
        Assert.That(Site.ReadFile(allowedRepo.Name, allowed, "cion.log"), Does.Match(@"service helper: started \S+ from cion-test/busybox \((privileged|capabilities)\)"));
    }

    [GeneratedRegex("refuses privileged containers")]
    private static partial Regex FallbackLine();
}
