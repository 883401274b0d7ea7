using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>A push runs the build, hands its artifacts to the release, and records both in plain files.</summary>
public sealed class BuildAndReleaseTests : EndToEndTest
{
    [Test]
    public void Push_BuildArtifactReachesRelease_WithTheSpecifiedEnv()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        // The design document's list-of-one-key-maps form for the build, the plain map form for the release.
        var sha = CommitAndPush(repo, """
            build:
              - image: cion-test/busybox
              - cmd: 'env | sort > $ARTIFACTS_DIR/build.env; echo from-build > $ARTIFACTS_DIR/out.txt; echo build says hi; pwd'
              - env:
                  key1: val1
                  key2: val2
            release:
              image: cion-test/busybox
              cmd: 'echo release read $(cat $ARTIFACTS_DIR/out.txt); env | sort'
              env: {key3: val3}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        var buildEnv = Site.ReadFile(repo.Name, sha, "artifacts/build.env");
        Assert.That(buildEnv, Does.Contain("BUILD_DIR=/cion/build\n").And.Contain("ARTIFACTS_DIR=/cion/artifacts\n")
            .And.Contain("key1=val1\n").And.Contain("key2=val2\n").And.Contain($"CION_SHA={sha}\n")
            .And.Contain("CION_REPO=team/app\n").And.Contain("CION_BRANCH=main\n").And.Contain("CION_REF=refs/heads/main\n"));
        Assert.That(buildEnv, Does.Contain("DOCKER_HOST=tcp://docker:2375\n"), "the build has its own engine by default");
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("build says hi\n/cion/build\n"));
        var releaseLog = Site.ReadFile(repo.Name, sha, "release.log");
        Assert.That(releaseLog, Does.Contain("release read from-build").And.Contain("key3=val3").And.Contain("ARTIFACTS_DIR=/cion/artifacts"));
        Assert.That(releaseLog, Does.Not.Contain("key1=").And.Not.Contain("BUILD_DIR"), "the release gets neither the build's env nor BUILD_DIR");
        var result = Site.ReadFile(repo.Name, sha, "result");
        Assert.That(result, Does.Contain("status=succeeded\n").And.Contain("build_exit=0\n").And.Contain("release_exit=0\n"));
        Assert.That(result, Does.Match(@"started_at=\d{4}-\d\d-\d\dT").And.Match(@"finished_at=\d{4}-").And.Match(@"duration_ms=\d+"));
    }

    [Test]
    public void Push_EndsFailedWithoutRelease_WhenTheBuildExitsNonZero()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build:
              image: cion-test/busybox
              cmd: 'echo about to fail; exit 3'
            release:
              image: cion-test/busybox
              cmd: 'echo SHOULD-NOT-RUN'
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("failed"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("about to fail"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "release.log"), Is.False);
        var result = Site.ReadFile(repo.Name, sha, "result");
        Assert.That(result, Does.Contain("build_exit=3\n").And.Contain("release_exit=skipped\n").And.Contain("release_skipped=build failed\n"));
    }

    [Test]
    public void Push_EndsFailed_WhenTheReleaseExitsNonZero()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, cmd: 'true'}
            release: {image: cion-test/busybox, cmd: 'echo deploy broke >&2; exit 1'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("failed"));
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Does.Contain("deploy broke"), "stderr lands in the log too");
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Contain("build_exit=0\n").And.Contain("release_exit=1\n"));
    }

    [Test]
    public void Push_BuildsButDoesNotRelease_OnANonDefaultBranch()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, ReleasingConfig, branch: "feature/x");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Site.ReadFile(repo.Name, sha, "artifacts/out.txt"), Does.Contain("built"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "release.log"), Is.False);
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Contain("release_skipped=branch feature/x is not the default branch main"));
        var branchLink = Path.Combine(Site.State, "jobs", repo.Name, "branches", "feature", "x");
        Assert.That(File.ReadAllText(Path.Combine(branchLink, "status")).Trim(), Is.EqualTo("succeeded"), "branches/feature/x leads to the job");
    }

    [Test]
    public void Push_Releases_WhenTheBranchMatchesReleaseBranches()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, cmd: 'echo v > $ARTIFACTS_DIR/out.txt'}
            release:
              image: cion-test/busybox
              cmd: 'echo released from $CION_BRANCH'
              branches: ['release/*']
            """, branch: "release/1.2");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Does.Contain("released from release/1.2"));
    }

    [Test]
    public void Build_CanRunGitLogAndDescribe_OnItsCheckout()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", "build: {image: cion-test/git, cmd: 'true'}\n");
        var tagged = repo.Commit("tagged commit");
        Assert.That(repo.Push().ExitCode, Is.Zero);
        Site.WaitForFinalStatus(repo.Name, tagged);
        // Tag in the bare repo directly, so no extra job is queued for the tag.
        Shell.Check("git", ["--git-dir", repo.Path, "tag", "-a", "v1.0", "-m", "one", tagged],
            env: new Dictionary<string, string?> { ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.invalid" });
        repo.Write("script.sh", "#!/bin/sh\necho script ran\n");
        File.SetUnixFileMode(Path.Combine(repo.WorkTree, "script.sh"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(repo.WorkTree, "link-to-script"), "script.sh");
        repo.Write(".cion.yml", """
            build:
              image: cion-test/git
              cmd: 'git log -1 --format=%s; git describe --tags; git rev-parse --abbrev-ref HEAD; ./link-to-script; git status --porcelain | wc -l'
            """);
        var sha = repo.Commit("the commit under test");
        Assert.That(repo.Push().ExitCode, Is.Zero);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, sha, "build.log"));
        var log = Site.ReadFile(repo.Name, sha, "build.log");
        Assert.That(log, Does.Contain("the commit under test\n"));
        Assert.That(log, Does.Contain($"v1.0-1-g{sha[..7]}\n"));
        Assert.That(log, Does.Contain("main\n"));
        Assert.That(log, Does.Contain("script ran\n"), "exec bits and symlinks survive the checkout");
        Assert.That(log, Does.EndWith("0\n"), "the checkout is clean: git status shows nothing");
    }

    [Test]
    public void AnnotatedTagPush_BuildsTheTaggedCommit_AndDoesNotRelease()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", "build: {image: cion-test/git, docker: false, cmd: 'git log -1 --format=%s; echo ref=$CION_REF'}\nrelease: {image: cion-test/busybox, cmd: 'true'}\n");
        var commit = repo.Commit("tagged for release");
        repo.Git("tag", "-a", "v2.0", "-m", "version two");
        var tagObject = repo.Git("rev-parse", "v2.0").Stdout.Trim();

        var push = Shell.Run("git", ["push", "origin", "refs/tags/v2.0"], repo.WorkTree);

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(push.Stderr, Does.Contain($"cion: queued team/app refs/tags/v2.0 {tagObject[..7]}"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, tagObject), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, tagObject, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, tagObject, "build.log"), Does.Contain("tagged for release\nref=refs/tags/v2.0"));
        Assert.That(Site.ReadFile(repo.Name, tagObject, "result"), Does.Contain("release_skipped=not a branch"));
        Assert.That(commit, Is.Not.EqualTo(tagObject));
    }
}
