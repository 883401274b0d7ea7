using Cion.Core.Posix;
using Cion.Core.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.Spool;

/// <summary>The adapter against real folders: stat(2) and the account database, uids without accounts as strangers.</summary>
public sealed class SpoolFileOwnerTests
{
    private const uint Stranger = 3_999_999_990;

    private static string BareRepo(TempDir dir)
    {
        var repo = dir.Combine("app.git");
        Shell.Check("git", ["init", "-q", "--bare", repo]);
        return repo;
    }

    private static FileStatus FileBy(uint uid, string octal = "0644") => new(uid, 0, 0x8000 | Convert.ToUInt32(octal, 8));

    [Test]
    public void Refusal_IsNull_ForAFileRootWrote()
    {
        using var dir = TempDir.ForCaller();
        Assert.That(SpoolFileOwner.Refusal(FileBy(0), "app", BareRepo(dir), "refs/heads/main"), Is.Null);
    }

    [Test]
    public void Refusal_NamesTheRepoAndTheFolder_ForAStrangersFile()
    {
        using var dir = TempDir.ForCaller();
        var repo = BareRepo(dir);

        Assert.That(SpoolFileOwner.Refusal(FileBy(Stranger), "app", repo, "refs/heads/main"),
            Is.EqualTo($"not allowed to write app: uid {Stranger} may not write in {repo} (0755 0:0)"));
    }

    [Test]
    public void Refusal_IsNull_ForTheOwnerOfTheRepo()
    {
        using var dir = TempDir.ForCaller();
        var repo = BareRepo(dir);
        Shell.Check("chown", ["-R", Stranger.ToString(System.Globalization.CultureInfo.InvariantCulture), repo]);

        Assert.That(SpoolFileOwner.Refusal(FileBy(Stranger), "app", repo, "refs/heads/main"), Is.Null);
    }

    [Test]
    public void Refusal_SaysSo_ForAFileOthersMayChange_EvenRoots() =>
        Assert.That(SpoolFileOwner.Refusal(FileBy(0, "0664"), "app", "/nonexistent", "refs/heads/main"),
            Is.EqualTo("not trusted: others than its owner (uid 0) may change it (mode 0664); cion writes spool files 0644"));
}
