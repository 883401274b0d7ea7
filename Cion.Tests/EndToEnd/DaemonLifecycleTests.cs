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

    [TestCase("garbage.job", "this is not a job\n", "not a valid job file")]
    [TestCase("empty.job", "", "missing keys")]
    [TestCase("cr.job", "id=20261124-200417.123456-1a2b3c4-9f3e\nrepo=team/app\r\n", "missing keys")]
    [TestCase("outside.job", "OUTSIDE", "is not under any repos root")]
    public void Daemon_MovesAFileThatIsNotAJobToBad_AndKeepsRunning(string name, string content, string why)
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        if (content == "OUTSIDE")
        {
            // A well-formed job whose repo lies outside every root: it must never be checked out.
            var stray = BareRepo.Create(Path.Combine(Site.Root, "elsewhere"), "stray", Path.Combine(Site.Root, "work"), configPath: null, installHook: false);
            var sha = stray.Commit();
            content = $"id=20261124-200417.123456-{sha[..7]}-9f3e\nrepo=stray\nrepo_path={stray.Path}\nref=refs/heads/main\n" +
                $"old={new string('0', 40)}\nnew={sha}\npushed_by=eve\nqueued_at=2026-11-24T20:04:17Z\n";
        }
        File.WriteAllText(Path.Combine(Site.Spool, "new", name), content);

        Wait.Until(() => File.Exists(Path.Combine(Site.Spool, "bad", name + ".why")), "the file to move to spool/bad");
        Assert.That(File.ReadAllText(Path.Combine(Site.Spool, "bad", name + ".why")), Does.Contain("not a valid job file").And.Contain(why));
        Assert.That(File.ReadAllText(Path.Combine(Site.Spool, "bad", name)), Is.EqualTo(content), "nothing is lost");

        var good = CommitAndPush(repo, ReleasingConfig);
        Assert.That(Site.WaitForFinalStatus(repo.Name, good), Is.EqualTo("succeeded"));
        Assert.That(daemon.HasExited, Is.False);
    }

    [Test]
    public void Daemon_MovesADirectoryInNewToBad_EvenWhenBadHasOneOfThatName()
    {
        var daemon = Site.StartDaemon();
        Directory.CreateDirectory(Path.Combine(Site.Spool, "bad", "odd.job"));
        Directory.CreateDirectory(Path.Combine(Site.Spool, "new", "odd.job"));

        Wait.Until(() => File.Exists(Path.Combine(Site.Spool, "bad", "odd.job.1.why")), "the directory to move to spool/bad");
        Assert.That(File.ReadAllText(Path.Combine(Site.Spool, "bad", "odd.job.1.why")), Does.Contain("a directory, not a job file"));
        Assert.That(daemon.HasExited, Is.False);
    }

    [Test]
    public void InterruptedJob_StartsAgainFromACleanSlate_WhenTheDaemonComesBack()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'ls $ARTIFACTS_DIR; touch $ARTIFACTS_DIR/left-by-attempt; echo started; sleep 300'}
            """);
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started") == true, "the first attempt to start");
        Assert.That(daemon.Stop(), Is.Zero, daemon.Output);
        Assert.That(Site.ReadFile(repo.Name, sha, "status"), Is.EqualTo("queued\n"), Site.ReadFile(repo.Name, sha, "cion.log") + daemon.Output);

        var again = Site.StartDaemon();
        Wait.Until(() => Site.ReadFile(repo.Name, sha, "cion.log").Split("build: starting container").Length == 3, "the second attempt's container");
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started") == true, "the second attempt to start");

        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Is.EqualTo("started\n"), "no log or artifact of the first attempt is left");
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("an earlier attempt of this run was interrupted"));
        Assert.That(again.Stop(), Is.Zero);
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
