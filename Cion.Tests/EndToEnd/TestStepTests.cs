using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// <c>test:</c> between build and release: it runs in the build's checkout with the artifacts read-only,
/// its outcome is in every place a user looks, and a failing or timed-out test keeps the release from running.
/// </summary>
public sealed class TestStepTests : EndToEndTest
{
    [Test]
    public void Push_TestSeesTheBuildsFilesAndTheReleaseRuns_WhenTheTestPasses()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var (sha, push) = CommitAndPushWaiting(repo, """
            build:
              image: cion-test/busybox
              docker: false
              cmd: 'echo compiled > compiled.txt; echo packaged > $ARTIFACTS_DIR/app.txt'
            test:
              image: cion-test/busybox
              env: {SUITE: unit}
              cmd: |
                echo "checkout has $(cat $BUILD_DIR/compiled.txt) in $(pwd), artifacts have $(cat $ARTIFACTS_DIR/app.txt)"
                if echo tampered > $ARTIFACTS_DIR/app.txt 2>/dev/null; then echo ARTIFACTS-WRITABLE; else echo artifacts are read-only; fi
                echo suite=$SUITE docker_host=${DOCKER_HOST:-none}
            release:
              image: cion-test/busybox
              cmd: 'echo releasing $(cat $ARTIFACTS_DIR/app.txt)'
            """);

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(push.Stderr, Does.Contain("remote: test | checkout has compiled in /cion/build, artifacts have packaged")
            .And.Contain($"remote: cion: team/app {sha[..7]}: succeeded"));
        Assert.That(push.Stderr.IndexOf("test | checkout"), Is.LessThan(push.Stderr.IndexOf("release | releasing")), "the test runs before the release");
        var testLog = Site.ReadFile(repo.Name, sha, "test.log");
        Assert.That(testLog, Does.Contain("artifacts are read-only\n").And.Contain("suite=unit docker_host=none\n"));
        Assert.That(testLog, Does.Not.Contain("ARTIFACTS-WRITABLE"));
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Does.Contain("releasing packaged\n"), "the release gets the artifacts as the build left them");
        var result = Site.ReadFile(repo.Name, sha, "result");
        Assert.That(result, Does.Contain("build_exit=0\ntest_exit=0\nrelease_exit=0\n").And.Match(@"\ntest_ms=\d+\n"));
        var show = CionCli.Run(Site, "show", "team/app");
        Assert.That(show.ExitCode, Is.Zero, show.Output);
        Assert.That(show.Stdout, Does.Match(@"\ntest: +exit 0 in "));
        Assert.That(CionCli.Json(Site, "show", "team/app", "--json").GetProperty("test_exit").GetString(), Is.EqualTo("0"));
        Assert.That(NoteOf(repo, sha), Does.Contain("test: passed\n").And.Contain("deployed: production\n"));
    }

    [Test]
    public void Push_EndsFailedWithoutRelease_WhenTheTestExitsNonZero()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'echo built > $ARTIFACTS_DIR/out.txt'}
            test: {image: cion-test/busybox, cmd: 'echo 1 of 3 tests failed; exit 4'}
            release: {image: cion-test/busybox, cmd: 'echo SHOULD-NOT-RUN'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("failed"));
        Assert.That(Site.ReadFile(repo.Name, sha, "test.log"), Does.Contain("1 of 3 tests failed"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "release.log"), Is.False);
        Assert.That(Site.ReadFile(repo.Name, sha, "result"),
            Does.Contain("build_exit=0\ntest_exit=4\nrelease_exit=skipped\n").And.Contain("release_skipped=test failed\n"));
        Assert.That(Directory.Exists(Path.Combine(Site.State, "deployments", "team", "app")), Is.False, "the ledger records no release");
        var show = CionCli.Run(Site, "show", "team/app");
        Assert.That(show.ExitCode, Is.EqualTo(4), "show's exit code for a failed job");
        Assert.That(show.Stdout, Does.Match(@"\ntest: +exit 4 in ").And.Contain("skipped (test failed)"));
        Assert.That(NoteOf(repo, sha), Does.Contain("test: failed (exit 4)\n").And.Contain("deployed: no (test failed)\n"));
        var web = Site.StartWeb();
        var page = $"team/app/-/jobs/{Site.JobId(repo.Name, sha)}";
        Assert.That(web.Get(page).Body, Does.Contain("id=\"section-test\"").And.Contain("1 of 3 tests failed"));
        Assert.That(web.Get($"{page}/logs/test").Body, Does.Contain("1 of 3 tests failed"));
    }

    [Test]
    public void Push_EndsFailedWithoutRelease_WhenTheTestRunsPastItsTimeout()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'true'}
            test: {image: cion-test/busybox, timeout: 2s, cmd: 'echo started; sleep 60'}
            release: {image: cion-test/busybox, cmd: 'echo SHOULD-NOT-RUN'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("failed"));
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Contain("test_exit=timeout\n").And.Contain("release_skipped=test timed out\n"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "release.log"), Is.False);
    }

    [Test]
    public void Push_RunsTheTestOnItsOwnEngine_InTheDesignDocumentsListForm()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        // The design document's example with the "separate test container" it plans; no release: the test is the last step.
        var sha = CommitAndPush(repo, """
            build:
              - image: cion-test/busybox
              - docker: false
              - cmd: 'echo $key1 > $ARTIFACTS_DIR/built.txt'
              - env: # additional environment variables for the build container
                  key1: val1

            test:
              - image: cion-test/docker
              - docker: true
              - cmd: 'echo host=$DOCKER_HOST; docker info >/dev/null 2>&1 && echo engine answers; cat $ARTIFACTS_DIR/built.txt; echo $key5'
              - env: # additional environment variables for the test container
                  key5: val5
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "test.log"), Does.Contain("host=tcp://docker:2375\nengine answers\nval1\nval5\n"));
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Contain("test_exit=0\nrelease_exit=skipped\n").And.Match(@"\ntest_engine_ready_ms=\d+\n"));
    }

    [Test]
    public void Daemon_AdoptsARunningTest_AfterKill9_WithoutBuildingAgain()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'echo compiled > compiled.txt'}
            test: {image: cion-test/busybox, cmd: 'echo started; sleep 3; cat compiled.txt'}
            release: {image: cion-test/busybox, cmd: 'echo released'}
            """);
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "test.log")?.Contains("started") == true, "the test to start");

        daemon.Kill();
        Site.StartDaemon();

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "test.log"), Is.EqualTo("started\ncompiled\n"), "no line twice, none lost; the checkout kept");
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("test: adopted container"));
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Is.EqualTo("released\n"));
        var created = DockerEvents.ForJob(Site.JobId(repo.Name, sha), since).Where(e => e.StartsWith("create ")).ToList();
        Assert.That(created.Count(e => e.EndsWith("-build")), Is.EqualTo(1), "the build ran once");
        Assert.That(created.Count(e => e.EndsWith("-test")), Is.EqualTo(1), "the test ran once");
    }

    [Test]
    public void Push_WritesNoTestFiles_WhenTheConfigHasNoTestStep()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, ReleasingConfig);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "test.log"), Is.False);
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Not.Contain("test_"));
        Assert.That(CionCli.Run(Site, "show", "team/app").Stdout, Does.Not.Contain("test:"));
    }

    /// <summary>Commits the config and pushes with <c>-o cion.wait</c>: the push returns once the job has ended.</summary>
    private static (string Sha, Shell.Result Push) CommitAndPushWaiting(BareRepo repo, string cionYml)
    {
        repo.Write(".cion.yml", cionYml);
        var sha = repo.Commit();
        return (sha, Shell.Run("git", ["push", "-o", "cion.wait", "origin", "HEAD:refs/heads/main"], repo.WorkTree));
    }

    /// <summary>The commit's git note, as a clone sees it.</summary>
    private static string NoteOf(BareRepo repo, string sha)
    {
        repo.Git("fetch", "origin", "refs/notes/cion:refs/notes/cion");
        return repo.Git("notes", "--ref=cion", "show", sha).Stdout;
    }
}
