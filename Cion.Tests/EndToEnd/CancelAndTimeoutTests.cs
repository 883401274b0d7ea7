using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>Stopping jobs on purpose: <c>cion cancel</c>, and steps that run past their timeout.</summary>
public sealed class CancelAndTimeoutTests : EndToEndTest
{
    [Test]
    public void Cancel_StopsARunningJob_AndRemovesItsContainers()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo started; sleep 300'}\n");
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started") == true, "the build to start");

        var cancel = CionCli.Run(Site, "cancel", "team/app@main");

        Assert.That(cancel.ExitCode, Is.Zero, cancel.Output);
        Assert.That(cancel.Stdout, Does.Contain(": cancelled"));
        Assert.That(Site.ReadFile(repo.Name, sha, "status"), Is.EqualTo("cancelled\n"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("cancelled (cion cancel)"));
        Assert.That(DockerLeftovers.Containers(), Is.Empty);
        Assert.That(CionCli.Run(Site, "show", "team/app").ExitCode, Is.EqualTo(6), "show's exit code for a cancelled job");
        Wait.Until(() => !Site.SpoolFiles("cur").Concat(Site.SpoolFiles("cancel")).Any(), "the claim and the request to go");
    }

    [Test]
    public void Cancel_KeepsAQueuedJobFromEverStarting()
    {
        UseSite(concurrency: 1);
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var blocker = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo started; sleep 300'}\n", branch: "blocker");
        Wait.Until(() => Site.TryReadFile(repo.Name, blocker, "build.log")?.Contains("started") == true, "the first job to run");
        var waiting = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo SHOULD-NOT-RUN'}\n", branch: "waiting");
        Wait.Until(() => Site.TryReadFile(repo.Name, waiting, "status") == "queued\n", "the second job to be queued");

        var cancel = CionCli.Run(Site, "cancel", "team/app@waiting");

        Assert.That(cancel.ExitCode, Is.Zero, cancel.Output);
        Assert.That(Site.ReadFile(repo.Name, waiting, "status"), Is.EqualTo("cancelled\n"));
        Assert.That(Site.ReadFile(repo.Name, waiting, "cion.log"), Does.Contain("cancelled before it started"));
        Assert.That(Site.RunHasFile(repo.Name, waiting, "build.log"), Is.False, "it never ran");
        Assert.That(CionCli.Run(Site, "show", "team/app@blocker").ExitCode, Is.EqualTo(7), "show's exit code for a running job");
        Assert.That(CionCli.Run(Site, "cancel", "team/app@blocker").ExitCode, Is.Zero);
        Assert.That(Site.ReadFile(repo.Name, blocker, "status"), Is.EqualTo("cancelled\n"));
    }

    [Test]
    public void Step_IsStoppedAtItsTimeout_AndTheJobFails()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, timeout: 2s, cmd: 'echo started; sleep 60'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("failed"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("build timed out after 2 s and was stopped"));
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Contain("build_exit=timeout\n").And.Contain("release_skipped=build timed out"));
    }

    [Test]
    public void Cancel_WorksOnAJobOnlyInTheSpool_WhenTheDaemonIsDown()
    {
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo SHOULD-NOT-RUN'}\n");

        var cancel = CionCli.Run(Site, "cancel", "team/app@main");

        Assert.That(cancel.ExitCode, Is.EqualTo(7), cancel.Output);
        Assert.That(cancel.Stdout, Does.Contain("requested; ciond has not acted on it yet"));
        Site.StartDaemon();
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("cancelled"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "build.log"), Is.False, "it never ran");
    }

    [Test]
    public void ServerTimeouts_ApplyWhenTheConfigGivesNone_AndAReleaseTimeoutIsAFailedAttemptInTheLedger()
    {
        UseSite(extra: "timeouts: {build: 10m, release: 2s}\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'true'}
            release: {image: cion-test/busybox, cmd: 'echo deploying; sleep 60'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("failed"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("(timeout 10 min)").And.Contain("release timed out after 2 s"));
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Contain("build_exit=0\n").And.Contain("release_exit=timeout\n"));
        var history = File.ReadAllText(Path.Combine(Site.State, "deployments", "team", "app", "production", "history"));
        Assert.That(history, Does.Contain($"{sha} refs/heads/main failed"));
        Assert.That(File.Exists(Path.Combine(Site.State, "deployments", "team", "app", "production", "current")), Is.False);
    }
}
