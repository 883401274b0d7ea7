using Cion.Core.Hooks;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// The hook as git starts it: <c>hooks/post-receive</c> is a symlink to the native <c>cion</c>
/// (no shell between git and cion), its config path is in the repo's git config, and neither
/// installing nor running it ever loads libgit2 (only ciond does).
/// </summary>
public sealed class HookLinkTests : EndToEndTest
{
    [Test]
    public void InstallHook_LinksPostReceiveToCion_AndRecordsTheConfigInTheRepo()
    {
        var repo = Site.CreateRepo();
        var hook = new FileInfo(Path.Combine(repo.Path, "hooks", "post-receive"));

        Assert.That(hook.LinkTarget, Is.EqualTo(Path.GetFullPath(Path.Combine(Binaries.Stage, "lib", "cion", "cion"))));
        var recorded = Shell.Check("git", ["--git-dir", repo.Path, "config", HookConfigKey.Name]).Stdout.Trim();
        Assert.That(recorded, Is.EqualTo(Site.ConfigPath));
        Assert.That(Shell.Check("git", ["--git-dir", repo.Path, "config", "receive.advertisePushOptions"]).Stdout.Trim(), Is.EqualTo("true"));
    }

    [Test]
    public void InstallHook_ReplacesAnOlderScriptHook_WithTheLink()
    {
        var repo = Site.CreateRepo();
        var hook = InstallOlderScriptHook(repo);

        Assert.That(Shell.Run(Binaries.Cion, "install-hook", repo.Path, "--config", Site.ConfigPath).ExitCode, Is.Zero);
        Assert.That(new FileInfo(hook).LinkTarget, Is.Not.Null);
        Assert.That(Shell.Run(Binaries.Cion, "install-hook", repo.Path, "--config", Site.ConfigPath).ExitCode, Is.Zero, "and again: idempotent");
    }

    [Test]
    public void Push_QueuesAJob_ThroughAnOlderScriptHook()
    {
        var repo = Site.CreateRepo();
        InstallOlderScriptHook(repo);
        repo.Write(".cion.yml", ReleasingConfig);
        repo.Commit();

        var push = repo.Push();

        Assert.That(push.Stderr, Does.Contain("remote: cion: queued team/app main"), push.Output);
        Assert.That(Site.SpoolFiles("new"), Has.Count.EqualTo(1));
    }

    [Test]
    public void InstallHookAndPush_NeverOpenLibgit2()
    {
        using var dir = TempDir.ForCaller();
        var installTrace = dir.Combine("install.trace");
        var pushTrace = dir.Combine("push.trace");
        var repo = BareRepo.Create(Site.ReposRoot, "team/traced", Path.Combine(Site.Root, "work"), Site.ConfigPath, installHook: false);
        Shell.Check("strace", ["-f", "-e", "trace=openat", "-o", installTrace, Binaries.Cion, "install-hook", repo.Path, "--config", Site.ConfigPath]);
        repo.Write(".cion.yml", ReleasingConfig);
        repo.Commit();

        var push = Shell.Run("strace", ["-f", "-e", "trace=openat", "-o", pushTrace, "git", "push", "origin", "HEAD:refs/heads/main"], repo.WorkTree);

        Assert.That(push.Stderr, Does.Contain("remote: cion: queued team/traced main"), push.Output);
        Assert.That(File.ReadAllText(pushTrace), Does.Contain(Path.Combine(Site.Spool, "tmp")), "the trace followed the hook");
        Assert.That(File.ReadAllText(installTrace), Does.Not.Contain("libgit2"));
        Assert.That(File.ReadAllText(pushTrace), Does.Not.Contain("libgit2"));
    }

    /// <summary>The script hook earlier versions installed, in place of the link; returns its path.</summary>
    private string InstallOlderScriptHook(BareRepo repo)
    {
        var hook = Path.Combine(repo.Path, "hooks", "post-receive");
        File.Delete(hook); // the link itself: writing through it would overwrite the cion binary
        File.WriteAllText(hook, PostReceiveScript.Render(Binaries.Cion, Site.ConfigPath, null));
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        return hook;
    }
}
