using Cion.Core.Git;
using Cion.Tests.Support;

namespace Cion.Tests.Git;

/// <summary>
/// The daemon (root here) writes notes into a bare repo another account owns: it must leave nothing
/// there that the owner's git cannot write, or their next push can fail ("unable to migrate objects
/// to permanent storage", as SharedServerTests once saw when a push's object fell in a folder the
/// daemon had made for a note).
/// </summary>
public sealed class ResultNotesTests
{
    private SystemUser _owner = null!;

    [OneTimeSetUp]
    public void CreateOwner() => _owner = SystemUser.Create("cion-test-carol");

    [OneTimeTearDown]
    public void RemoveOwner() => _owner?.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public async Task Notes_LeaveNoFolderTheOwnerDidNotMake_AndTheOwnersPushAndGcWork(bool sharedGroup)
    {
        using var dir = TempDir.ForCaller();
        var repo = BareRepo.Create(dir.Combine("git"), "app", dir.Combine("work"), configPath: null, installHook: false, sharedGroup);
        repo.Write("a.txt", "first\n");
        var sha = repo.Commit();
        Assert.That(repo.Push().ExitCode, Is.Zero);
        _owner.Own(repo.Path, repo.WorkTree);
        var notes = new ResultNotes(TimeProvider.System);

        await notes.WriteAsync(repo.Path, sha, "cion: running\n");
        await notes.WriteAsync(repo.Path, sha, "cion: succeeded\n");

        Assert.That(Shell.Check("find", [repo.Path, "-type", "d", "-not", "-user", _owner.Name]).Stdout, Is.Empty, "folders the owner did not make");
        Assert.That(Shell.Check("find", [Path.Combine(repo.Path, "objects"), "-mindepth", "1", "-maxdepth", "1", "-type", "d", "-not", "-perm", Stat(Path.Combine(repo.Path, "objects")).Split(' ')[0]]).Stdout,
            Is.Empty, "objects/XX folders with another mode than objects/");
        var (refs, notesFolder) = (Path.Combine(repo.Path, "refs"), Path.Combine(repo.Path, "refs", "notes"));
        Assert.That(Stat(notesFolder), Is.EqualTo(Stat(refs)), "refs/notes is made as git made refs/");
        Shell.Result Git(params string[] args) => _owner.Run("git", args, repo.WorkTree,
            new Dictionary<string, string?> { ["GIT_AUTHOR_NAME"] = "o", ["GIT_AUTHOR_EMAIL"] = "o@x", ["GIT_COMMITTER_NAME"] = "o", ["GIT_COMMITTER_EMAIL"] = "o@x" });
        Assert.That(Git("fetch", "origin", "refs/notes/cion:refs/notes/cion").ExitCode, Is.Zero);
        Assert.That(Git("log", "-1", "--notes=cion", "--format=%N", sha).Stdout, Is.EqualTo("cion: succeeded\n\n"), "the note holds the latest text");

        // Loose objects of a push land in objects/XX/: 60 files reach most of the 256 folders.
        for (var i = 0; i < 60; i++) repo.Write($"f{i}.txt", $"file {i}\n");
        Assert.That(Git("add", "-A").ExitCode, Is.Zero);
        Assert.That(Git("commit", "-q", "-m", "more").ExitCode, Is.Zero);
        var push = Git("push", "origin", "HEAD:refs/heads/main");
        Assert.That(push.ExitCode, Is.Zero, push.Output);
        var gc = _owner.Run("git", ["--git-dir", repo.Path, "gc", "--prune=now"]);
        Assert.That(gc.ExitCode, Is.Zero, gc.Output);
        Assert.That(gc.Stderr, Does.Not.Contain("Permission denied"));
        Assert.That(_owner.Run("git", ["--git-dir", repo.Path, "log", "-1", "--notes=cion", "--format=%N", sha]).Stdout, Is.EqualTo("cion: succeeded\n\n"));
    }

    [Test]
    public async Task Notes_AddTheirThreeObjectsAsGitWould_AndNothingElse()
    {
        using var dir = TempDir.ForCaller();
        var repo = BareRepo.Create(dir.Combine("git"), "app", dir.Combine("work"), configPath: null, installHook: false);
        repo.Write("a.txt", "first\n");
        var sha = repo.Commit();
        Assert.That(repo.Push().ExitCode, Is.Zero);
        var before = Files(repo.Path);

        await new ResultNotes(TimeProvider.System).WriteAsync(repo.Path, sha, "cion: succeeded\n");

        var added = Files(repo.Path).Except(before).ToList();
        var objects = added.Where(f => System.Text.RegularExpressions.Regex.IsMatch(f, "^objects/[0-9a-f]{2}/[0-9a-f]{38}$")).ToList();
        Assert.That(objects, Has.Count.EqualTo(3), "the note's blob, its tree and the notes commit, loose");
        Assert.That(added.Except(objects), Is.EqualTo(new[] { "refs/notes/cion" }), "nothing else: no pack, no temporary left");
        Assert.That(objects.Select(f => Shell.Check("stat", ["-c", "%a", Path.Combine(repo.Path, f)]).Stdout.Trim()), Is.All.EqualTo("444"));
        Assert.That(Shell.Check("git", ["--git-dir", repo.Path, "fsck", "--strict"]).ExitCode, Is.Zero);
    }

    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f))];

    private static string Stat(string path) => Shell.Check("stat", ["-c", "%a %U %G", path]).Stdout;
}
