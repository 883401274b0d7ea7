using Cion.Core.Git;
using Cion.Tests.Support;

namespace Cion.Tests.Git;

/// <summary>
/// A checkout whose loose objects were packed into it must work with nothing of the bare repo but <c>objects/pack</c>,
/// as a Swarm node sees it: a copy of that folder alone at the path the checkout's alternates name.
/// </summary>
public sealed class LooseObjectsPackTests
{
    private static readonly Dictionary<string, string?> Committer = new() { ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.invalid" };

    /// <summary>
    /// A first push of 120 files (git keeps a push of 100 objects or more as a pack), a tag on it, then three small
    /// pushes, which stay loose objects: a repository with both.
    /// </summary>
    private static BareRepo PackedAndLoose(TempDir dir, out string sha)
    {
        var repo = BareRepo.Create(dir.Combine("git"), "app", dir.Combine("work"), configPath: null, installHook: false);
        for (var i = 0; i < 120; i++) repo.Write($"many/f{i:000}.txt", $"file {i}\n");
        var first = repo.Commit("many files");
        Assert.That(repo.Push().ExitCode, Is.Zero);
        Shell.Check("git", ["--git-dir", repo.Path, "tag", "-a", "v1.0", "-m", "one", first], env: Committer);
        sha = first;
        for (var i = 0; i < 3; i++)
        {
            repo.Write("README", $"change {i}\n");
            sha = repo.Commit($"change {i}");
            Assert.That(repo.Push().ExitCode, Is.Zero);
        }
        var objects = Path.Combine(repo.Path, "objects");
        Assert.That(Directory.GetFiles(Path.Combine(objects, "pack"), "*.pack"), Is.Not.Empty, "the first push was kept as a pack");
        Assert.That(Directory.GetDirectories(objects).Where(d => Path.GetFileName(d).Length == 2), Is.Not.Empty, "the later pushes left loose objects");
        return repo;
    }

    /// <summary>What a node holds of the bare repo: a copy of its <c>objects/pack</c> alone, which the checkout's alternates now name.</summary>
    private static void SeeOnlyThePacks(BareRepo repo, string checkout, string nodeObjects)
    {
        Directory.CreateDirectory(Path.Combine(nodeObjects, "pack"));
        foreach (var file in Directory.GetFiles(Path.Combine(repo.Path, "objects", "pack")))
            File.Copy(file, Path.Combine(nodeObjects, "pack", Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(checkout, ".git", "objects", "info", "alternates"), nodeObjects + "\n");
    }

    /// <summary>The repo of <see cref="PackedAndLoose"/>, changed by <paramref name="change"/>, then its last commit checked out.</summary>
    private static (BareRepo Repo, string Work, string Sha) CheckedOut(TempDir dir, Action<BareRepo>? change = null)
    {
        var repo = PackedAndLoose(dir, out var sha);
        change?.Invoke(repo);
        var work = dir.Combine("checkout");
        CommitCheckout.CheckOut(repo.Path, sha, "main", work);
        return (repo, work, sha);
    }

    [Test]
    public void APackedCheckout_WorksWithTheBareReposPacksAlone_HistoryTagsAndStatus()
    {
        using var dir = TempDir.ForCaller();
        var (repo, work, sha) = CheckedOut(dir);

        Assert.That(LooseObjectsPack.TryPack(repo.Path, work), Is.Null);
        SeeOnlyThePacks(repo, work, dir.Combine("node", "objects"));

        Assert.That(LooseObjectsPack.IsPacked(work), Is.True);
        Assert.That(Shell.Check("git", ["fsck", "--connectivity-only", "--no-dangling"], work).ExitCode, Is.Zero, "every object a ref reaches is there");
        Assert.That(Shell.Check("git", ["log", "--format=%s"], work).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4));
        Assert.That(Shell.Check("git", ["describe", "--tags"], work).Stdout.Trim(), Is.EqualTo($"v1.0-3-g{sha[..7]}"));
        Assert.That(Shell.Check("git", ["status", "--porcelain"], work).Stdout, Is.Empty);
        Assert.That(Shell.Check("git", ["show", "HEAD~1:README"], work).Stdout, Is.EqualTo("change 1\n"), "an older loose commit's content");
    }

    [Test]
    public void AnUnpackedCheckout_DoesNotWorkWithThePacksAlone()
    {
        // The same setting without the packing: what makes the test above able to fail.
        using var dir = TempDir.ForCaller();
        var (repo, work, _) = CheckedOut(dir);
        SeeOnlyThePacks(repo, work, dir.Combine("node", "objects"));

        Assert.That(LooseObjectsPack.IsPacked(work), Is.False);
        Assert.That(Shell.Run("git", ["fsck", "--connectivity-only", "--no-dangling"], work).ExitCode, Is.Not.Zero);
    }

    [Test]
    public void ABareRepoThatBorrowsObjects_IsNotPacked_AndSaysWhy()
    {
        using var dir = TempDir.ForCaller();
        var (repo, work, _) = CheckedOut(dir);
        File.WriteAllText(Path.Combine(repo.Path, "objects", "info", "alternates"), "/elsewhere/objects\n");

        Assert.That(LooseObjectsPack.TryPack(repo.Path, work), Does.Contain("info/alternates borrows objects"));
        Assert.That(LooseObjectsPack.IsPacked(work), Is.False, "its steps get the whole objects folder");
    }

    [Test]
    public void ARepoWithNoLooseObjects_IsMarkedWithoutAPack()
    {
        using var dir = TempDir.ForCaller();
        var (repo, work, _) = CheckedOut(dir, repo =>
        {
            Shell.Check("git", ["--git-dir", repo.Path, "repack", "-a", "-d", "-q"]);
            Shell.Check("git", ["--git-dir", repo.Path, "prune-packed"]);
        });

        Assert.That(LooseObjectsPack.TryPack(repo.Path, work), Is.Null);
        Assert.That(Directory.GetFiles(Path.Combine(work, ".git", "objects", "pack")), Is.Empty, "nothing to pack");
        SeeOnlyThePacks(repo, work, dir.Combine("node", "objects"));
        Assert.That(Shell.Check("git", ["fsck", "--connectivity-only", "--no-dangling"], work).ExitCode, Is.Zero);
    }
}
