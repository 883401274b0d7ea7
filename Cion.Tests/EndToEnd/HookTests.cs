using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>The real hook, installed by <c>cion install-hook</c> and run by the real <c>git push</c>.</summary>
public sealed class HookTests : EndToEndTest
{
    [Test]
    public void Push_TellsThePusherTheJobIsQueued_AndWritesOneWholeJobFile()
    {
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", ReleasingConfig);
        var sha = repo.Commit();
        var push = repo.Push();

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        var statusPath = Path.Combine(Site.CommitDir("team/app", sha), "status");
        Assert.That(push.Stderr, Does.Contain($"remote: cion: queued team/app main {sha[..7]}: cat {statusPath}"));
        var queued = Site.SpoolFiles("new");
        Assert.That(queued, Has.Count.EqualTo(1));
        Assert.That(Site.SpoolFiles("tmp"), Is.Empty, "nothing half-written is left behind");
        var text = File.ReadAllText(queued[0]);
        Assert.That(text, Does.Contain("repo=team/app\n").And.Contain($"repo_path={repo.Path}\n")
            .And.Contain("ref=refs/heads/main\n").And.Contain($"old={new string('0', 40)}\n").And.Contain($"new={sha}\n")
            .And.Contain("pushed_by=").And.Match(@"queued_at=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z\n"));
    }

    [Test]
    public void Push_QueuesNothing_WhenARefIsDeleted()
    {
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", ReleasingConfig);
        repo.Commit();
        Assert.That(repo.Push("doomed").ExitCode, Is.Zero);
        foreach (var file in Site.SpoolFiles("new")) File.Delete(file);

        var delete = Shell.Run("git", ["push", "origin", ":refs/heads/doomed"], repo.WorkTree);

        Assert.That(delete.ExitCode, Is.Zero, delete.Output);
        Assert.That(delete.Stderr, Does.Not.Contain("cion: queued"));
        Assert.That(Site.SpoolFiles("new"), Is.Empty);
    }

    [Test]
    public void Push_QueuesAJobPerRef_WhenOnePushUpdatesSeveralRefs()
    {
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", ReleasingConfig);
        repo.Commit();
        var push = Shell.Run("git", ["push", "origin", "HEAD:refs/heads/main", "HEAD:refs/heads/other"], repo.WorkTree);

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(Site.SpoolFiles("new"), Has.Count.EqualTo(2));
    }

    [Test]
    public void Push_QueuesAJob_WhenGitRunsTheHookWithAnEmptyEnvironment()
    {
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", ReleasingConfig);
        repo.Commit();
        // Over ssh, as another user, the hook gets almost no environment: no CION_CONFIG, no DOTNET_ROOT.
        var push = Shell.Run("git", ["push", "origin", "HEAD:refs/heads/main"], repo.WorkTree,
            env: new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" }, clearEnvironment: true);

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(push.Stderr, Does.Contain("remote: cion: queued team/app main"));
        Assert.That(Site.SpoolFiles("new"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Push_SaysSoAndQueuesNothing_WhenTheRepoIsOutsideEveryRoot()
    {
        var outside = BareRepo.Create(Path.Combine(Site.Root, "elsewhere"), "stray", Path.Combine(Site.Root, "work"), Site.ConfigPath);
        outside.Write(".cion.yml", ReleasingConfig);
        outside.Commit();
        var push = outside.Push();

        Assert.That(push.Stderr, Does.Contain("is not under any repos root").And.Contain("no job queued"));
        Assert.That(Site.SpoolFiles("new"), Is.Empty);
    }

    [Test]
    public void InstallHook_RefusesToReplaceAForeignHook_AndReplacesItsOwn()
    {
        var repo = Site.CreateRepo();
        var hook = Path.Combine(repo.Path, "hooks", "post-receive");
        Assert.That(Shell.Run(Binaries.Cion, "install-hook", repo.Path, "--config", Site.ConfigPath).ExitCode, Is.Zero, "reinstalling cion's own hook is fine");

        File.Delete(hook); // the symlink itself: writing through it would overwrite the cion binary
        File.WriteAllText(hook, "#!/bin/sh\necho someone else's hook\n");
        var refused = Shell.Run(Binaries.Cion, "install-hook", repo.Path, "--config", Site.ConfigPath);

        Assert.That(refused.ExitCode, Is.Not.Zero);
        Assert.That(refused.Stderr, Does.Contain("was not written by cion; not replacing it"));
        Assert.That(File.ReadAllText(hook), Does.Contain("someone else's hook"));
    }

    [Test]
    public void SeveralPushesInARow_EachGetAJob_AndAllRun()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var shas = Enumerable.Range(1, 4)
            .Select(i => CommitAndPush(repo, "build: {image: cion-test/busybox, cmd: 'echo run'}\n", message: $"push {i}"))
            .ToList();

        foreach (var sha in shas)
            Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), sha);
        Assert.That(File.ReadAllText(Path.Combine(Site.State, "jobs", repo.Name, "latest", "job")), Does.Contain($"new={shas[^1]}"),
            "jobs/REPO/latest leads to the newest job");
        Assert.That(Site.SpoolFiles("new").Concat(Site.SpoolFiles("cur")), Is.Empty, "finished jobs leave the spool");
    }
}
