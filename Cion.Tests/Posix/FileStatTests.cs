using Cion.Core.Posix;
using Cion.Tests.Support;

namespace Cion.Tests.Posix;

public sealed class FileStatTests
{
    [Test]
    public void Of_GivesOwnerGroupAndMode_AsStatDoes()
    {
        using var dir = TempDir.ForCaller();
        var file = dir.Combine("f");
        File.WriteAllText(file, "12345");
        Shell.Check("chown", ["4001:4002", file]);
        File.SetUnixFileMode(file, (UnixFileMode)Convert.ToInt32("2751", 8));

        var status = FileStat.Of(file)!.Value;

        Assert.That((status.Uid, status.Gid, status.OctalPermissions, status.Size), Is.EqualTo((4001u, 4002u, "2751", 5L)));
        Assert.That(status.IsRegularFile && !status.IsDirectory, Is.True);
        Assert.That(status.ToString(), Is.EqualTo(Shell.Check("stat", ["-c", "%04a %u:%g", file]).Stdout.Trim()));
        Assert.That(FileStat.Of(dir.Path)!.Value.IsDirectory, Is.True);
    }

    [Test]
    public void Of_IsNull_ForAPathThatDoesNotExist()
    {
        using var dir = TempDir.ForCaller();
        Assert.That(FileStat.Of(dir.Combine("missing")), Is.Null);
        File.WriteAllText(dir.Combine("file"), "");
        Assert.That(FileStat.Of(dir.Combine("file", "below")), Is.Null, "a file on the way (ENOTDIR) is not there either");
    }
}
