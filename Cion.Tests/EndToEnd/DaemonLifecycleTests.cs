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
    public void Daemon_LeavesARunningBuildAlone_OnSigterm_AndAdoptsItWhenItStartsAgain()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'echo started; sleep 4; echo done'}
            release: {image: cion-test/busybox, cmd: 'echo released'}
            """);
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started") == true, "the build to start");

        Assert.That(daemon.Stop(), Is.Zero, daemon.Output);

        Assert.That(Site.ReadFile(repo.Name, sha, "status"), Is.EqualTo("running\n"));
        Assert.That(DockerLeftovers.Containers(), Has.Count.EqualTo(1), "the build container keeps running without the daemon");
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("the job's containers keep running"));
        Site.StartDaemon();
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Is.EqualTo("started\ndone\n"), "no line twice, none lost");
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Is.EqualTo("released\n"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("build: adopted container"));
        var created = DockerEvents.ForJob(Site.JobId(repo.Name, sha), since).Where(e => e.StartsWith("create ")).ToList();
        Assert.That(created.Count(e => e.EndsWith("-build")), Is.EqualTo(1), "the build ran once");
        Assert.That(created.Count(e => e.EndsWith("-release")), Is.EqualTo(1), "the release ran once");
    }

    [Test]
    public void Daemon_AdoptsABuildThatFinishedWhileItWasDead_AfterKill9()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo started; sleep 1; echo done; exit 3'}\n");
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started") == true, "the build to start");

        daemon.Kill();
        Wait.Until(() => Shell.Run("docker", "ps", "-q", "--filter", "label=cion.job", "--filter", "status=exited").Stdout.Length > 0,
            "the build to exit while no daemon runs");
        Site.StartDaemon();

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("failed"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Is.EqualTo("started\ndone\n"));
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Contain("build_exit=3\n"), "the exit code is taken from the exited container");
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
            name = $"20261124-200417.123456-{sha[..7]}-9f3e.job";
            content = $"id=20261124-200417.123456-{sha[..7]}-9f3e\nrepo=stray\nrepo_path={stray.Path}\nref=refs/heads/main\n" +
                $"old={new string('0', 40)}\nnew={sha}\npushed_by=eve\nqueued_at=2026-11-24T20:04:17Z\n";
        }
        // Written whole, then renamed in, as every spool writer must (Maildir): a file written in
        // place could be read half-written, and set aside for that instead of for what it holds.
        var written = Path.Combine(Site.Spool, "tmp", name);
        File.WriteAllText(written, content);
        File.Move(written, Path.Combine(Site.Spool, "new", name));

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
    public void Build_RunsAgainFromACleanSlate_WhenItsContainerIsGoneAfterACrash()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'ls $ARTIFACTS_DIR; test -e dirty && echo DIRTY-CHECKOUT; touch dirty $ARTIFACTS_DIR/left-by-attempt; echo started; sleep 2'}
            """);
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started") == true, "the first attempt to start");
        daemon.Kill();
        DockerLeftovers.RemoveAll(); // the container is lost with the crash (a host reboot, say)

        Site.StartDaemon();

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Is.EqualTo("started\n"), "no log, artifact or checkout change of the first attempt is left");
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("build: its container is gone without a recorded exit: running it again"));
    }

    [Test]
    public void TwoDaemonsOnOneSpool_NeverRunTheSameJob()
    {
        var repo = Site.CreateRepo();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var shas = Enumerable.Range(1, 6).Select(i => CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'sleep 0.5'}\n", message: $"job {i}")).ToList();

        Site.StartDaemon();
        Site.StartDaemon();

        foreach (var sha in shas) Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        foreach (var sha in shas)
            Assert.That(DockerEvents.ForJob(Site.JobId(repo.Name, sha), since).Count(e => e.StartsWith("create ")), Is.EqualTo(1), sha);
    }

    [Test]
    public void FinishedJobLeftClaimed_IsNotRunAgain_WhenTheDaemonStarts()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo ran'}\n");
        Site.WaitForFinalStatus(repo.Name, sha);
        daemon.Stop();
        // As if the daemon had died after writing the final status, before dropping the claim.
        var id = Site.JobId(repo.Name, sha);
        File.Copy(Path.Combine(Site.CommitDir(repo.Name, sha), "job"), Path.Combine(Site.Spool, "cur", id + ".job"));

        Site.StartDaemon();

        Wait.Until(() => Site.SpoolFiles("cur").Count == 0, "the stale claim to be dropped");
        Assert.That(Site.ReadFile(repo.Name, sha, "status"), Is.EqualTo("succeeded\n"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Not.Contain("adopting"));
        Assert.That(DockerEvents.ForJob(id, since).Count(e => e.StartsWith("create ")), Is.EqualTo(1), "the build ran once, before; nothing ran again");
    }

    [Test]
    public void ClaimPlantedInCur_IsSetAside_NotAdopted_WhenTheDaemonStarts()
    {
        var repo = Site.CreateRepo();
        var sha = repo.Commit();
        var id = $"20261124-200417.123456-{sha[..7]}-9f3e";
        Directory.CreateDirectory(Path.Combine(Site.Spool, "cur"));
        // A valid job, but written straight into cur/: ciond never took it in, so it has no run.
        File.WriteAllText(Path.Combine(Site.Spool, "cur", id + ".job"), $"id={id}\nrepo=team/app\nrepo_path={repo.Path}\n" +
            $"ref=refs/heads/main\nold={new string('0', 40)}\nnew={sha}\npushed_by=eve\nqueued_at=2026-11-24T20:04:17Z\n");

        var daemon = Site.StartDaemon();

        var why = Path.Combine(Site.Spool, "bad", id + ".job.why");
        Wait.Until(() => File.Exists(why), "the claim to be set aside");
        Assert.That(File.ReadAllText(why), Does.StartWith("not taken in by ciond"));
        Assert.That(Site.SpoolFiles("cur"), Is.Empty, "neither the job nor its lock stays");
        Assert.That(Directory.Exists(Site.CommitDir(repo.Name, sha)), Is.False, "nothing ran");
        Assert.That(daemon.Output, Does.Not.Contain("adopting"));
    }

    [Test]
    public void JobFileWhoseNameIsNotItsId_IsMovedToBad()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = repo.Commit();
        var id = $"20261124-200417.123456-{sha[..7]}-9f3e";
        File.WriteAllText(Path.Combine(Site.Spool, "new", "renamed.job"), $"id={id}\nrepo=team/app\nrepo_path={repo.Path}\n" +
            $"ref=refs/heads/main\nold={new string('0', 40)}\nnew={sha}\npushed_by=eve\nqueued_at=2026-11-24T20:04:17Z\n");

        Wait.Until(() => File.Exists(Path.Combine(Site.Spool, "bad", "renamed.job.why")), "the file to move to spool/bad");
        Assert.That(File.ReadAllText(Path.Combine(Site.Spool, "bad", "renamed.job.why")), Does.Contain($"the file name must be its job id plus .job ({id}.job)"));
    }
}
