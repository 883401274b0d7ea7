using Cion.Core.Git;
using Cion.Tests.Support;

namespace Cion.Tests.Git;

public sealed class CommitCheckoutTests
{
    private static BareRepo PushedRepo(TempDir dir, out string sha)
    {
        var repo = BareRepo.Create(dir.Combine("git"), "app", dir.Combine("work"), configPath: null, installHook: false);
        repo.Write("src/main.c", "int main() { return 0; }\n");
        repo.Write("run.sh", "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(Path.Combine(repo.WorkTree, "run.sh"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(repo.WorkTree, "link"), "src/main.c");
        sha = repo.Commit("the commit");
        Assert.That(repo.Push().ExitCode, Is.Zero);
        return repo;
    }

    [Test]
    public void CheckOut_GivesTheCommitsFiles_WithExecBitsSymlinksAndAWorkingGit()
    {
        using var dir = TempDir.ForCaller();
        var repo = PushedRepo(dir, out var sha);
        var work = dir.Combine("checkout");

        CommitCheckout.CheckOut(repo.Path, sha, "main", work);

        Assert.That(File.ReadAllText(Path.Combine(work, "src", "main.c")), Does.Contain("int main"));
        Assert.That(File.GetUnixFileMode(Path.Combine(work, "run.sh")) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
        Assert.That(new FileInfo(Path.Combine(work, "link")).LinkTarget, Is.EqualTo("src/main.c"));
        Assert.That(Shell.Check("git", ["log", "-1", "--format=%H %s"], work).Stdout.Trim(), Is.EqualTo($"{sha} the commit"));
        Assert.That(Shell.Check("git", ["status", "--porcelain"], work).Stdout, Is.Empty);
        Assert.That(Shell.Check("git", ["rev-parse", "--abbrev-ref", "HEAD"], work).Stdout.Trim(), Is.EqualTo("main"));
    }

    [Test]
    public void CheckOut_WritesNothingIntoTheBareRepo()
    {
        using var dir = TempDir.ForCaller();
        var repo = PushedRepo(dir, out var sha);
        var before = Snapshot(repo.Path);

        CommitCheckout.CheckOut(repo.Path, sha, "main", dir.Combine("checkout"));

        Assert.That(Snapshot(repo.Path), Is.EqualTo(before));
    }

    [Test]
    public void CheckOut_Works_ForSeveralJobsOfOneRepoAtOnce()
    {
        using var dir = TempDir.ForCaller();
        var repo = PushedRepo(dir, out var sha);

        Parallel.For(0, 6, i => CommitCheckout.CheckOut(repo.Path, sha, $"b{i}", dir.Combine($"checkout{i}")));

        for (var i = 0; i < 6; i++)
            Assert.That(File.Exists(dir.Combine($"checkout{i}", "src", "main.c")), Is.True);
    }

    [Test]
    public void CheckOut_ThrowsSayingSo_WhenTheCommitIsNotInTheRepo()
    {
        using var dir = TempDir.ForCaller();
        var repo = PushedRepo(dir, out _);

        var error = Assert.Throws<CheckoutException>(() =>
            CommitCheckout.CheckOut(repo.Path, new string('a', 40), "main", dir.Combine("checkout")));
        Assert.That(error!.Message, Does.Contain($"commit {new string('a', 40)} is not in {repo.Path}"));
    }

    [Test]
    public void DefaultBranch_IsWhatTheBareReposHeadPointsAt()
    {
        using var dir = TempDir.ForCaller();
        var repo = PushedRepo(dir, out _);
        Assert.That(CommitCheckout.DefaultBranch(repo.Path), Is.EqualTo("main"));

        Shell.Check("git", ["--git-dir", repo.Path, "symbolic-ref", "HEAD", "refs/heads/trunk"]);
        Assert.That(CommitCheckout.DefaultBranch(repo.Path), Is.EqualTo("trunk"));
    }

    private static List<string> Snapshot(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => $"{Path.GetRelativePath(root, p)} {(File.Exists(p) ? new FileInfo(p).Length : -1)} {File.GetLastWriteTimeUtc(p):O}")
            .Order()];
}
