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
        Assert.That(Site.SpoolFiles("cur").Concat(Site.SpoolFiles("cancel")), Is.Empty);
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
}
