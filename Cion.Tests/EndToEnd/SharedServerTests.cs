using Cion.Core.Jobs;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// Two teams on one server: real accounts alice and bob, both allowed to write the spool (group
/// cion-test-pushers plays the package's group cion), each owning a bare repo with the real hook.
/// A spool file counts only if its owner could push to the repo it acts on, as git would judge.
/// </summary>
public sealed class SharedServerTests : EndToEndTest
{
    private const string Pushers = "cion-test-pushers";
    private SystemUser _alice = null!, _bob = null!;

    [OneTimeSetUp]
    public void CreateUsers()
    {
        SystemUser.CreateGroup(Pushers);
        _alice = SystemUser.Create("cion-test-alice", Pushers);
        _bob = SystemUser.Create("cion-test-bob", Pushers);
    }

    [OneTimeTearDown]
    public void RemoveUsers()
    {
        _alice?.Dispose();
        _bob?.Dispose();
        SystemUser.RemoveGroup(Pushers);
    }

    [Test]
    public void JobFilesByBob_ForAlicesRepo_AreSetAside_AndRunNothing_WhileEachOwnersPushRuns()
    {
        var daemon = StartDaemonOnSharedSpool();
        var alices = RepoOwnedBy(_alice, "alice/app", "build: {image: cion-test/busybox, docker: false, cmd: 'echo built by alice'}\n");
        var bobs = RepoOwnedBy(_bob, "bob/app", "build: {image: cion-test/busybox, docker: false, cmd: 'echo built by bob'}\n");

        var sha = PushAs(_alice, alices);
        Assert.That(Site.WaitForFinalStatus(alices.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Site.ReadFile(alices.Name, sha, "job"), Does.Contain($"pushed_by={_alice.Name}\n"));
        Assert.That(Site.WaitForFinalStatus(bobs.Name, PushAs(_bob, bobs)), Is.EqualTo("succeeded"), "bob's own repo is his to build");

        // git itself refuses bob's push to alice's repo ...
        var push = _bob.Run("git", ["push", alices.Path, "HEAD:refs/heads/main"], bobs.WorkTree, TrustEveryRepo());
        Assert.That(push.ExitCode, Is.Not.Zero, push.Output);
        // ... and so does ciond, for a retry and for a job file he writes by hand.
        var retry = _bob.Run(Binaries.Cion, ["retry", $"{alices.Name}@main", "--config", Site.ConfigPath]);
        Assert.That(retry.ExitCode, Is.Zero, retry.Output);
        var retryId = retry.Stdout.Split(' ')[2].TrimEnd(',');
        var forged = WriteJobFileAs(_bob, alices, sha);

        // The repo's group is alice's primary group, whose number need not be her uid's.
        var group = Shell.Check("stat", ["-c", "%g", alices.Path]).Stdout.Trim();
        var expected = $"not allowed to write alice/app: {_bob.Name} (uid {_bob.Uid}) may not write in {alices.Path} (0755 {_alice.Uid}:{group})";
        foreach (var id in new[] { retryId, forged })
        {
            var why = Path.Combine(Site.Spool, "bad", id + ".job.why");
            Wait.Until(() => File.Exists(why), $"{why} to appear");
            Assert.That(File.ReadAllText(why), Is.EqualTo(expected + "\n"));
            Assert.That(Directory.Exists(Path.Combine(Site.CommitDir(alices.Name, sha), "runs", id)), Is.False, "no run was recorded");
        }
        Assert.That(Directory.GetDirectories(Path.Combine(Site.CommitDir(alices.Name, sha), "runs")), Has.Length.EqualTo(1), "alice's commit ran once");
        Assert.That(daemon.Output, Does.Contain($"set aside in {Site.Spool}/bad: {expected}"));
    }

    [Test]
    public void CancelByBob_OfAlicesJob_IsSetAside_AndTheJobRunsToTheEnd_WhileAlicesOwnCancelWorks()
    {
        StartDaemonOnSharedSpool();
        var alices = RepoOwnedBy(_alice, "alice/app", "build: {image: cion-test/busybox, docker: false, cmd: 'echo started; sleep 4; echo done'}\n");
        var sha = PushAs(_alice, alices);
        Wait.Until(() => Site.TryReadFile(alices.Name, sha, "build.log")?.Contains("started") == true, "alice's build to start");
        var id = Site.JobId(alices.Name, sha);

        _bob.Run(Binaries.Cion, ["cancel", id, "--config", Site.ConfigPath]);

        var why = Path.Combine(Site.Spool, "bad", id + ".cancel.why");
        Wait.Until(() => File.Exists(why), $"{why} to appear");
        Assert.That(File.ReadAllText(why), Does.StartWith($"not allowed to write alice/app: {_bob.Name} (uid {_bob.Uid}) may not write in {alices.Path}"));
        Assert.That(Site.WaitForFinalStatus(alices.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Site.ReadFile(alices.Name, sha, "build.log"), Is.EqualTo("started\ndone\n"));

        alices.Write(".cion.yml", "build: {image: cion-test/busybox, docker: false, cmd: 'echo started; sleep 300'}\n");
        var second = PushAs(_alice, alices);
        Wait.Until(() => Site.TryReadFile(alices.Name, second, "build.log")?.Contains("started") == true, "alice's second build to start");
        var cancel = _alice.Run(Binaries.Cion, ["cancel", $"{alices.Name}@main", "--config", Site.ConfigPath]);
        Assert.That(cancel.ExitCode, Is.Zero, cancel.Output);
        Assert.That(Site.ReadFile(alices.Name, second, "status"), Is.EqualTo("cancelled\n"), "the owner's own cancel is honoured");
    }

    /// <summary>The README's setup: a repo made with --shared=group in the pushers' group, which every member may push to.</summary>
    [Test]
    public void JobByBob_ForASharedGroupRepoOfAlices_Runs_AsGitAcceptsHisPush()
    {
        StartDaemonOnSharedSpool();
        var shared = Site.CreateRepo("team/shared", sharedGroup: true);
        shared.Write(".cion.yml", "build: {image: cion-test/busybox, docker: false, cmd: 'echo built for the team'}\n");
        var sha = shared.Commit();
        _alice.Own(shared.Path);
        Shell.Check("chgrp", ["-R", Pushers, shared.Path]);
        _bob.Own(shared.WorkTree);

        // bob trusts the repo (safe.directory): git's own check of whose repo it is, not a permission.
        var push = _bob.Run("git", ["push", "origin", "HEAD:refs/heads/main"], shared.WorkTree, TrustEveryRepo());

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(Site.WaitForFinalStatus(shared.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(shared.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(shared.Name, sha, "job"), Does.Contain($"pushed_by={_bob.Name}\n"));
        Assert.That(Site.SpoolFiles("bad"), Is.Empty);
    }

    /// <summary>
    /// Both may push to the team's shared repo; only bob is named in the environment's users. The rule
    /// is about who deploys by hand, so alice's push still releases, but her <c>cion deploy</c> is refused.
    /// </summary>
    [Test]
    public void DeployByAlice_IsRefused_WhereTheEnvironmentNamesOnlyBob_WhileBobsDeployRuns()
    {
        UseSite(extra: """
            environments:
              "team/*":
                staging: {branches: ["**"], users: [cion-test-bob]}

            """);
        StartDaemonOnSharedSpool();
        var shared = Site.CreateRepo("team/shared", sharedGroup: true);
        shared.Write(".cion.yml", "build: {image: cion-test/busybox, docker: false, cmd: 'echo built > $ARTIFACTS_DIR/out.txt'}\n" +
            "release: {image: cion-test/busybox, environment: staging, cmd: 'cat $ARTIFACTS_DIR/out.txt'}\n");
        _alice.Own(shared.Path);
        Shell.Check("chgrp", ["-R", Pushers, shared.Path]);
        _alice.Own(shared.WorkTree);
        var sha = PushAs(_alice, shared);
        Assert.That(Site.WaitForFinalStatus(shared.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(shared.Name, sha, "cion.log"));

        var byAlice = _alice.Run(Binaries.Cion, ["deploy", shared.Name, sha, "--env", "staging", "--config", Site.ConfigPath]);
        Assert.That(byAlice.ExitCode, Is.EqualTo(1), byAlice.Output);
        Assert.That(byAlice.Stderr, Does.Contain($"{_alice.Name} may not deploy to staging"));
        Assert.That(Site.SpoolFiles("new"), Is.Empty, "alice's request was not queued");

        var byBob = _bob.Run(Binaries.Cion, ["deploy", shared.Name, sha, "--env", "staging", "--reason", "bob's turn", "--config", Site.ConfigPath]);
        Assert.That(byBob.ExitCode, Is.Zero, byBob.Output);
        var current = Path.Combine(Site.State, "deployments", shared.Name, "staging", "current");
        Wait.Until(() => File.Exists(current) && File.ReadAllText(current).Contains("kind=deploy\n"), $"{current} to name bob's deploy");
        Assert.That(File.ReadAllText(current), Does.Contain($"by={_bob.Name}\n").And.Contain("reason=bob's turn\n"));
    }

    /// <summary>The spool as the package makes it: tmp, new and cancel writable by the pushers' group, setgid and sticky.</summary>
    private DaemonProcess StartDaemonOnSharedSpool()
    {
        foreach (var dir in new[] { "tmp", "new", "cancel", "cur", "bad" })
        {
            var path = Path.Combine(Site.Spool, dir);
            Directory.CreateDirectory(path);
            if (dir is "cur" or "bad") continue;
            Shell.Check("chgrp", [Pushers, path]);
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("3775", 8));
        }
        return Site.StartDaemon();
    }

    /// <summary>A bare repo and its clone with a first commit, both given to the user; nothing pushed yet.</summary>
    private BareRepo RepoOwnedBy(SystemUser user, string name, string cionYml)
    {
        var repo = Site.CreateRepo(name);
        repo.Write(".cion.yml", cionYml);
        user.Own(repo.Path, repo.WorkTree);
        return repo;
    }

    /// <summary>Commits the work tree as the user and pushes it with the real git as that user: the hook runs as them.</summary>
    private static string PushAs(SystemUser user, BareRepo repo)
    {
        var identity = new Dictionary<string, string?>
        {
            ["GIT_AUTHOR_NAME"] = user.Name, ["GIT_AUTHOR_EMAIL"] = "pusher@example.invalid",
            ["GIT_COMMITTER_NAME"] = user.Name, ["GIT_COMMITTER_EMAIL"] = "pusher@example.invalid",
        };
        Shell.Result Git(params string[] args) => user.Run("git", args, repo.WorkTree, identity);
        Assert.That(Git("add", "-A").ExitCode, Is.Zero);
        Assert.That(Git("commit", "-q", "--allow-empty", "-m", "change").ExitCode, Is.Zero);
        var push = Git("push", "origin", "HEAD:refs/heads/main");
        Assert.That(push.ExitCode, Is.Zero, push.Output);
        return Git("rev-parse", "HEAD").Stdout.Trim();
    }

    /// <summary>A job file for the repo's commit, written as the user the way the hook would (tmp, then new); returns its id.</summary>
    private string WriteJobFileAs(SystemUser user, BareRepo repo, string sha)
    {
        var id = JobId.New(DateTimeOffset.UtcNow, sha).Value;
        var text = $"id={id}\nrepo={repo.Name}\nrepo_path={repo.Path}\nref=refs/heads/main\nold={new string('0', 40)}\nnew={sha}\n" +
            $"pushed_by={user.Name}\nqueued_at=2026-11-24T20:04:17Z\n";
        var (tmp, target) = (Path.Combine(Site.Spool, "tmp", id + ".job"), Path.Combine(Site.Spool, "new", id + ".job"));
        var write = user.Run("sh", ["-c", "umask 022 && cat >\"$0\" && mv \"$0\" \"$1\"", tmp, target], stdin: text);
        Assert.That(write.ExitCode, Is.Zero, write.Output);
        return id;
    }

    /// <summary>git's safe.directory for every repo, in a global config of the test's own.</summary>
    private Dictionary<string, string?> TrustEveryRepo()
    {
        var config = Path.Combine(Site.Root, "trust-every-repo.gitconfig");
        File.WriteAllText(config, "[safe]\n\tdirectory = *\n");
        return new() { ["GIT_CONFIG_GLOBAL"] = config };
    }
}
