using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// Which engine a repository gets. Every one gets the rootless engine where the host allows it
/// (<c>dind.profile: auto</c> looks once); a root engine (<c>docker: root</c>, or every engine where
/// the profile is a root one or rootless fails here) and a privileged service, either of which can
/// take over the host, only the repositories <c>dind.trusted</c> names. The rest end in <c>error</c>
/// before any container of theirs exists, and say which key of which file would change that.
/// </summary>
public sealed class TrustTests : EndToEndTest
{
    private const string Trusted = "trusted: [trusted/*]";
    protected override string DindConfig => $"profile: auto\n{Trusted}";

    private const string EngineBuild = "build: {image: cion-test/docker, cmd: 'docker info >/dev/null && echo engine answered; docker info 2>/dev/null | grep -qx \" *rootless\" && echo engine is rootless || echo engine is root'}\n";
    private static readonly string RootEngineBuild = EngineBuild.Replace("{image: cion-test/docker,", "{image: cion-test/docker, docker: root,");

    [Test]
    public void UntrustedRepo_GetsTheRootlessEngine_WhichAutoPicksOnThisHost_AndTheDaemonSaysSoOnce()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo("other/app");
        var first = CommitAndPush(repo, EngineBuild, message: "first");
        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));
        var second = CommitAndPush(repo, EngineBuild, message: "second");
        Assert.That(Site.WaitForFinalStatus(repo.Name, second), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, second, "cion.log"));

        Assert.That(Site.ReadFile(repo.Name, first, "build.log"), Does.Contain("engine answered\nengine is rootless"));
        Assert.That(Site.ReadFile(repo.Name, first, "cion.log"), Does.Contain("dind.profile auto: checking once for this daemon whether the rootless engine")
            .And.Contain($"from {TestImages.DindRootless} (rootless engine, in a "));
        Assert.That(Site.ReadFile(repo.Name, second, "cion.log"), Does.Not.Contain("checking once"), "decided once per daemon");
        Assert.That(daemon.Output, Does.Contain("per-job engines are rootless: dind.profile: auto, and the rootless engine works on this host"));
        Assert.That(daemon.Output.Split("per-job engines are").Length - 1, Is.EqualTo(1), daemon.Output);
    }

    [Test]
    public void UntrustedRepo_EndsInErrorAndNeverGetsAnEngine_WhenItAsksForARootOne()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo("other/app");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var refused = CommitAndPush(repo, RootEngineBuild, message: "wants a root engine");

        Assert.That(Site.WaitForFinalStatus(repo.Name, refused), Is.EqualTo("error"));
        var log = Site.ReadFile(repo.Name, refused, "cion.log");
        Assert.That(log, Does.Contain("error: .cion.yml: build.docker: refused: other/app asks for a root Docker engine (docker: root)")
            .And.Contain($"dind.trusted in {Site.ConfigPath}").And.Contain("docker: true gives the build a rootless engine"));
        Assert.That(Site.ReadFile(repo.Name, refused, "result"), Does.Contain("\nerror=.cion.yml: build.docker: refused: other/app asks for a root"));
        Assert.That(Site.RunHasFile(repo.Name, refused, "build.log"), Is.False, "the build never started");
        Assert.That(DockerEvents.ForJob(Site.JobId(repo.Name, refused), since), Is.Empty, "no container of the job ever existed");
        Assert.That(daemon.Output, Does.Not.Contain("trusts every repository"));
    }

    [Test]
    public void TrustedRepo_GetsARootEngine_WhenItAsksForOne()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo("trusted/app");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sha = CommitAndPush(repo, RootEngineBuild);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("engine answered\nengine is root\n"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Match($@"from {TestImages.Dind} \((privileged|capabilities)\)"));
        Assert.That(DockerEvents.ForJob(Site.JobId(repo.Name, sha), since, service: "docker"), Has.Some.Match("^create .*-build-docker$"),
            "the engine ran, labelled as the job's docker service");
    }

    [Test]
    public void UntrustedRepo_EndsInErrorSayingWhy_WhereTheProfileGivesRootEngines()
    {
        UseSite(dind: $"profile: capabilities\n{Trusted}");
        Site.StartDaemon();
        var repo = Site.CreateRepo("other/app");
        var sha = CommitAndPush(repo, EngineBuild);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("build.docker: refused: other/app is not trusted with a Docker engine of its own")
            .And.Contain($"dind.profile: capabilities in {Site.ConfigPath} makes every per-job engine a root engine").And.Contain("set docker: false"));
    }

    [Test]
    public void Auto_FallsBackToRootEngines_ForTrustedReposOnly_WhereTheRootlessEngineDoesNotWork()
    {
        // An upgrade on a host where rootless fails: here, a rootless image whose dockerd exits at once.
        UseSite(dind: $"profile: auto\nrootless_image: {TestImages.DindBroken}\n{Trusted}");
        var daemon = Site.StartDaemon();
        var untrusted = Site.CreateRepo("other/app");
        var refused = CommitAndPush(untrusted, EngineBuild);
        Assert.That(Site.WaitForFinalStatus(untrusted.Name, refused), Is.EqualTo("error"));
        var trusted = Site.CreateRepo("trusted/app");
        var ran = CommitAndPush(trusted, EngineBuild);
        Assert.That(Site.WaitForFinalStatus(trusted.Name, ran), Is.EqualTo("succeeded"), Site.TryReadFile(trusted.Name, ran, "cion.log"));

        Assert.That(Site.ReadFile(untrusted.Name, refused, "cion.log"), Does.Contain("simulated failure: cannot start the engine")
            .And.Contain("build.docker: refused: other/app is not trusted with a Docker engine of its own")
            .And.Contain("the rootless engine does not work on this host (service docker exited with code 1 before it was ready)"));
        Assert.That(Site.ReadFile(trusted.Name, ran, "build.log"), Does.Contain("engine answered\nengine is root\n"));
        Assert.That(daemon.Output, Does.Contain("per-job engines are root engines: the rootless engine does not work on this host")
            .And.Contain("list in dind.trusted the repositories you trust with root on this host"));
    }

    [Test]
    public void PrivilegedService_IsRefusedInAnUntrustedRepo_EvenWhereTheServerAllowsPrivilegedServices()
    {
        UseSite(extra: "services: {allow_privileged: true}\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo("other/app");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'echo SHOULD-NOT-RUN'}
            services:
              helper: {image: cion-test/busybox, privileged: true, cmd: 'sleep 60'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"),
            Does.Contain("services.helper.privileged: refused: other/app is not trusted with a privileged container").And.Contain("dind.trusted"));
        Assert.That(DockerEvents.ForJob(Site.JobId(repo.Name, sha), since), Is.Empty, "neither the service nor the build ever existed");
    }

    [TestCase("profile: auto\ntrusted: ['**']", "trusts every repository with a root Docker engine")]
    [TestCase("profile: capabilities", "makes every per-job engine a root engine, and dind.trusted names no repository")]
    public void Daemon_SaysAtStart_WhatRootEnginesCost_OrThatNoneWillBeGiven(string dind, string warning)
    {
        UseSite(dind: dind);
        var daemon = Site.StartDaemon();

        Assert.That(daemon.Output, Does.Contain(warning).And.Contain(Site.ConfigPath));
    }
}
