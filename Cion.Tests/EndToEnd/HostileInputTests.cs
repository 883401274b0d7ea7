using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>Input from a repository that tries to hurt: floods, symlinks out, odd names, a job file that lies.</summary>
public sealed class HostileInputTests : EndToEndTest
{
    [Test]
    public void OutputFlood_IsCappedAtLogLimit_WithAMarker_AndTheJobStillEnds()
    {
        UseSite(extra: "log_limit: 1M\n");
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        // About 30 MB of output.
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'yes flood | head -c 30000000; echo; echo after the flood'}\n");

        // Streaming 30 MB out of a container takes this engine 24 s by itself (docker run, no cion),
        // and about a minute through the logs API on a busy 2-core machine: a bound, not a figure.
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"));
        var log = new FileInfo(Path.Combine(Site.CommitDir(repo.Name, sha), "latest", "build.log"));
        Assert.That(log.Length, Is.LessThan((1 << 20) + 1024), "the log holds the limit and a marker");
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.EndWith("[cion: this log reached its limit of 1 MiB; the rest of the output was dropped]\n"));
        Assert.That(daemon.HasExited, Is.False);
    }

    [Test]
    public void ArtifactSymlinksToHostPaths_AreNeverFollowed_WhenCionRemovesThem()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var precious = Path.Combine(Site.Root, "precious");
        Directory.CreateDirectory(precious);
        File.WriteAllText(Path.Combine(precious, "keep.txt"), "host data");
        var sha = CommitAndPush(repo, $$"""
            build: {image: cion-test/busybox, docker: false, cmd: 'ln -s {{precious}} $ARTIFACTS_DIR/escape; ln -s /etc/shadow $ARTIFACTS_DIR/shadow; echo started; sleep 300'}
            """);
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started") == true, "the build to start");
        daemon.Kill();
        DockerLeftovers.RemoveAll(); // lost with the crash: the build runs again and clears its artifacts first

        Site.StartDaemon();
        Wait.Until(() => Site.ReadFile(repo.Name, sha, "cion.log").Contains("running it again"), "the build to run again");

        Assert.That(File.ReadAllText(Path.Combine(precious, "keep.txt")), Is.EqualTo("host data"), "clearing artifacts did not follow the link");
        Assert.That(File.Exists("/etc/shadow"), Is.True);
        Assert.That(CionCli.Run(Site, "cancel", "team/app").ExitCode, Is.Zero);
    }

    [TestCase("fëature/ünïcode-ブランチ")]
    [TestCase("a-very-long-branch-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-x")]
    public void OddBranchNames_BuildAndAreFoundByTheirBranchLink(string branch)
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo branch=$CION_BRANCH'}\n", branch: branch);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Is.EqualTo($"branch={branch}\n"));
        Assert.That(File.ReadAllText(Path.Combine(Site.State, "jobs", repo.Name, "branches", branch, "status")), Is.EqualTo("succeeded\n"));
        Assert.That(CionCli.Json(Site, "show", $"team/app@{branch}", "--json").GetProperty("sha").GetString(), Is.EqualTo(sha));
    }

    [Test]
    public void RepoNamesWithSpacesAndUnicode_BuildAndAreFound()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo("équipe/my app");
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo repo=$CION_REPO'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Is.EqualTo("repo=équipe/my app\n"));
        Assert.That(CionCli.Json(Site, "show", "équipe/my app@main", "--json").GetProperty("sha").GetString(), Is.EqualTo(sha));
    }

    [Test]
    public void JobFile_NamingACommitTheRepoDoesNotHave_IsMovedToBad()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        repo.Commit();
        var missing = new string('e', 40);
        const string Name = "20261124-200417.123456-eeeeeee-9f3e.job";
        File.WriteAllText(Path.Combine(Site.Spool, "new", Name),
            $"id=20261124-200417.123456-eeeeeee-9f3e\nrepo=team/app\nrepo_path={repo.Path}\nref=refs/heads/main\n" +
            $"old={new string('0', 40)}\nnew={missing}\npushed_by=eve\nqueued_at=2026-11-24T20:04:17Z\n");

        Wait.Until(() => File.Exists(Path.Combine(Site.Spool, "bad", Name + ".why")), "the file to move to spool/bad");
        Assert.That(File.ReadAllText(Path.Combine(Site.Spool, "bad", Name + ".why")), Does.Contain($"{missing} is not in {repo.Path}"));
    }
}
