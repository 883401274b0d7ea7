using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>What the pusher sees in <c>git push</c>, and what push options do.</summary>
public sealed class PushFeedbackTests : EndToEndTest
{
    [Test]
    public void PushWithCionWait_ShowsTheLogsAndTheResult_InThePushOutput()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", """
            build: {image: cion-test/busybox, docker: false, cmd: 'echo compiling; echo tests pass'}
            release: {image: cion-test/busybox, cmd: 'echo deployed it'}
            """);
        var sha = repo.Commit();

        var push = Shell.Run("git", ["push", "-o", "cion.wait", "origin", "HEAD:refs/heads/main"], repo.WorkTree);

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(push.Stderr, Does.Contain("remote: build | compiling").And.Contain("remote: build | tests pass")
            .And.Contain("remote: release | deployed it").And.Contain($"remote: cion: team/app {sha[..7]}: succeeded"));
        Assert.That(push.Stderr.IndexOf("build | compiling"), Is.LessThan(push.Stderr.IndexOf("release | deployed it")));
        Assert.That(File.ReadAllText(Path.Combine(Site.CommitDir(repo.Name, sha), "job")), Does.Contain("push_option=cion.wait\n"),
            "push options are recorded in the job file");
    }

    [Test]
    public void PushWithCionWait_SaysWhereToFollow_WhenTheWaitRunsOut()
    {
        UseSite(extra: "wait_timeout: 2s\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", "build: {image: cion-test/busybox, docker: false, cmd: 'echo slow; sleep 20'}\n");
        var sha = repo.Commit();

        var push = Shell.Run("git", ["push", "-o", "cion.wait", "origin", "HEAD:refs/heads/main"], repo.WorkTree);

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(push.Stderr, Does.Contain($"remote: cion: team/app {sha[..7]} is still going; follow it with: cion logs -f"));
        Assert.That(CionCli.Run(Site, "cancel", "team/app").ExitCode, Is.Zero, "tidy up");
    }

    [TestCase("a change [skip ci]", null, "its message says [skip ci]")]
    [TestCase("a change [ci skip]", null, "its message says [ci skip]")]
    [TestCase("a change", "ci.skip", "the push carries -o ci.skip")]
    [TestCase("a change", "skip-ci", "the push carries -o skip-ci")]
    public void Push_QueuesNothingAndSaysSkipped_WhenAskedToSkip(string message, string? option, string said)
    {
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", ReleasingConfig);
        repo.Commit(message);
        string[] args = option is null ? ["push", "origin", "HEAD:refs/heads/main"] : ["push", "-o", option, "origin", "HEAD:refs/heads/main"];

        var push = Shell.Run("git", args, repo.WorkTree);

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(push.Stderr, Does.Contain("remote: cion: skipped").And.Contain(said));
        Assert.That(Site.SpoolFiles("new"), Is.Empty);
    }
}
