using System.Text;
using Cion.Core.Git;
using Cion.Tests.Support;

namespace Cion.Tests.Git;

public sealed class LooseCommitTests
{
    private static BareRepo PushedRepo(TempDir dir, string message, out string sha)
    {
        var repo = BareRepo.Create(dir.Combine("git"), "app", dir.Combine("work"), configPath: null, installHook: false);
        repo.Write("file.txt", "content\n");
        sha = repo.Commit(message);
        Assert.That(repo.Push().ExitCode, Is.Zero);
        return repo;
    }

    [Test]
    public void TryReadMessage_ReadsWhatGitLogPrints_FromThePushedLooseObject()
    {
        using var dir = TempDir.ForCaller();
        var repo = PushedRepo(dir, "fix the thing [skip ci]\n\nwith a body, ünïcode and\nmore lines", out var sha);

        var message = LooseCommit.TryReadMessage(repo.Path, sha);

        var fromGit = Shell.Check("git", ["--git-dir", repo.Path, "log", "-1", "--format=%B", sha]).Stdout;
        Assert.That(message, Is.Not.Null, "a small push leaves loose objects");
        Assert.That(message!.TrimEnd(), Is.EqualTo(fromGit.TrimEnd()));
    }

    [Test]
    public void TryReadMessage_IsNull_WhenTheCommitIsPacked_SoTheHookAsksGit()
    {
        using var dir = TempDir.ForCaller();
        var repo = PushedRepo(dir, "packed", out var sha);
        Shell.Check("git", ["--git-dir", repo.Path, "gc", "-q", "--prune=now"]);

        Assert.That(LooseCommit.TryReadMessage(repo.Path, sha), Is.Null);
    }

    [Test]
    public void TryReadMessage_IsNull_ForAnObjectThatIsNotACommit_OrNotAnId()
    {
        using var dir = TempDir.ForCaller();
        var repo = PushedRepo(dir, "tagged", out _);
        repo.Git("tag", "-a", "v1", "-m", "release [skip ci]");
        repo.Git("push", "-q", "origin", "v1");
        var tag = Shell.Check("git", ["--git-dir", repo.Path, "rev-parse", "v1"]).Stdout.Trim();

        Assert.That(LooseCommit.TryReadMessage(repo.Path, tag), Is.Null, "an annotated tag: git resolves it to its commit");
        Assert.That(LooseCommit.TryReadMessage(repo.Path, "../../etc/passwd"), Is.Null);
        Assert.That(LooseCommit.TryReadMessage(repo.Path, new string('a', 40)), Is.Null, "no such object");
    }

    [TestCase("commit 12\0tree x\n\nsubject\n", "subject\n")]
    [TestCase("commit 9\0tree x\nauthor y\n", "")]
    [TestCase("tree 3\0abc", null)]
    [TestCase("commit no-nul", null)]
    public void MessageOf_TakesWhatFollowsTheHeaders(string raw, string? expected) =>
        Assert.That(LooseCommit.MessageOf(Encoding.UTF8.GetBytes(raw)), Is.EqualTo(expected));
}
