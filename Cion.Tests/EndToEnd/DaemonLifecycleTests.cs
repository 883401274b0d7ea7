using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>What happens across daemon starts and stops, and to a commit that runs more than once.</summary>
public sealed class DaemonLifecycleTests : EndToEndTest
{
    [Test]
    public void JobsPushedWhileTheDaemonIsDown_RunWhenItStarts()
    {
        var repo = Site.CreateRepo();
        var first = CommitAndPush(repo, ReleasingConfig, message: "first");
        var second = CommitAndPush(repo, ReleasingConfig, message: "second");
        Assert.That(Site.SpoolFiles("new"), Has.Count.EqualTo(2));

        Site.StartDaemon();

        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, second), Is.EqualTo("succeeded"));
    }

    [Test]
    public void SameCommitRunTwice_KeepsBothRuns_AndLinksTheLatest()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, ReleasingConfig);
        Site.WaitForFinalStatus(repo.Name, sha);
        var firstRun = Path.GetFileName(new DirectoryInfo(Path.Combine(Site.CommitDir(repo.Name, sha), "latest")).LinkTarget);

        Assert.That(repo.Push("again").ExitCode, Is.Zero);
        Wait.Until(() => Path.GetFileName(new DirectoryInfo(Path.Combine(Site.CommitDir(repo.Name, sha), "latest")).LinkTarget) != firstRun,
            "the second run to become the latest");
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));

        var runs = Directory.GetDirectories(Path.Combine(Site.CommitDir(repo.Name, sha), "runs")).Select(Path.GetFileName).Order().ToList();
        Assert.That(runs, Has.Count.EqualTo(2));
        Assert.That(runs[0], Is.EqualTo(firstRun), "run folders sort oldest first");
        Assert.That(Site.ReadFile(repo.Name, sha, "job"), Does.Contain("ref=refs/heads/again"));
        Assert.That(File.ReadAllText(Path.Combine(Site.CommitDir(repo.Name, sha), "runs", firstRun!, "job")), Does.Contain("ref=refs/heads/main"));
    }

    [Test]
    public void Daemon_ExitsCleanlyOnSigterm_AndRequeuesTheJobItWasRunning()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, cmd: 'echo started; sleep 300'}
            """);
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started") == true, "the build to start");

        Assert.That(daemon.Stop(), Is.Zero, daemon.Output);

        Assert.That(Site.ReadFile(repo.Name, sha, "status").Trim(), Is.EqualTo("queued"));
        Assert.That(Site.SpoolFiles("new"), Has.Count.EqualTo(1), "the job went back to the queue");
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("goes back to the queue"));
        Assert.That(DockerLeftovers.Containers(), Is.Empty, "its container was removed");
    }

    [Test]
    public void Daemon_MovesAFileThatIsNotAJobToBad_AndKeepsRunning()
    {
        var daemon = Site.StartDaemon();
        File.WriteAllText(Path.Combine(Site.Spool, "new", "garbage.job"), "this is not a job\n");

        Wait.Until(() => File.Exists(Path.Combine(Site.Spool, "bad", "garbage.job.why")), "the file to move to spool/bad");
        Assert.That(File.ReadAllText(Path.Combine(Site.Spool, "bad", "garbage.job.why")), Does.Contain("not a valid job file"));

        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, ReleasingConfig);
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(daemon.HasExited, Is.False);
    }

    [Test]
    public void Daemon_WritesItsOwnLogFile_UnderTheConfiguredLogDirectory()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, ReleasingConfig);
        Site.WaitForFinalStatus(repo.Name, sha);
        daemon.Stop();

        var logs = Directory.GetFiles(Path.Combine(Site.Root, "log"), "ciond-*.log");
        Assert.That(logs, Has.Length.EqualTo(1));
        Assert.That(File.ReadAllText(logs[0]), Does.Contain("ready: watching").And.Contain($"finished: succeeded"));
    }
}
