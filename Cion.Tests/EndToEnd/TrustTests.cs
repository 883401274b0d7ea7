using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// <c>dind.trusted</c>: only the repositories it names get a per-job engine or a privileged
/// service, either of which can take over the host. The rest end in <c>error</c> before any
/// container of theirs exists, and say which key of which file would change that.
/// </summary>
public sealed class TrustTests : EndToEndTest
{
    private const string Trusted = "trusted: [trusted/*]";
    private const string EngineBuild = "build: {image: cion-test/docker, cmd: 'docker info --format {{.ServerVersion}} && echo engine answered'}\n";

    [Test]
    public void UntrustedRepo_EndsInErrorAndNeverGetsAnEngine_WhenItsBuildWantsOne_AndBuildsWithDockerFalse()
    {
        UseSite(dind: Trusted);
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo("other/app");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var refused = CommitAndPush(repo, EngineBuild, message: "wants an engine");

        Assert.That(Site.WaitForFinalStatus(repo.Name, refused), Is.EqualTo("error"));
        var log = Site.ReadFile(repo.Name, refused, "cion.log");
        Assert.That(log, Does.Contain("error: .cion.yml: build.docker: refused: other/app is not trusted with a Docker engine of its own")
            .And.Contain($"dind.trusted in {Site.ConfigPath}").And.Contain("set docker: false"));
        Assert.That(Site.ReadFile(repo.Name, refused, "result"), Does.Contain("\nerror=.cion.yml: build.docker: refused: other/app is not trusted"));
        Assert.That(Site.RunHasFile(repo.Name, refused, "build.log"), Is.False, "the build never started");
        var job = Site.JobId(repo.Name, refused);
        Assert.That(DockerEvents.ForJob(job, since, service: "docker"), Is.Empty, "no engine container of the job ever existed");
        Assert.That(DockerEvents.ForJob(job, since), Is.Empty, "no container of the job ever existed");
        Assert.That(daemon.Output, Does.Not.Contain("trusts every repository"));

        var plain = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo built without an engine'}\n", message: "no engine");
        Assert.That(Site.WaitForFinalStatus(repo.Name, plain), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, plain, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, plain, "build.log"), Does.Contain("built without an engine"));
    }

    [Test]
    public void TrustedRepo_RunsItsBuildWithItsEngine()
    {
        UseSite(dind: Trusted);
        Site.StartDaemon();
        var repo = Site.CreateRepo("trusted/app");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sha = CommitAndPush(repo, EngineBuild);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("engine answered"));
        Assert.That(DockerEvents.ForJob(Site.JobId(repo.Name, sha), since, service: "docker"), Has.Some.Match("^create .*-build-docker$"),
            "the engine ran, labelled as the job's docker service");
    }

    [Test]
    public void PrivilegedService_IsRefusedInAnUntrustedRepo_EvenWhereTheServerAllowsPrivilegedServices()
    {
        UseSite(dind: Trusted, extra: "services: {allow_privileged: true}\n");
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

    [Test]
    public void Daemon_SaysAtStart_ThatEveryRepoIsTrusted_ByDefault()
    {
        var daemon = Site.StartDaemon();

        Assert.That(daemon.Output, Does.Contain($"dind.trusted in {Site.ConfigPath} trusts every repository with a per-job Docker engine"));
    }
}
