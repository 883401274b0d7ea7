using System.Formats.Tar;
using Cion.Core.Containers.Docker;
using Cion.Tests.Support;

namespace Cion.Tests.Containers.Docker;

/// <summary>Archives crafted the way a hostile node or build could send them back, unpacked into a real folder.</summary>
public sealed class TarExtractTests
{
    private TempDir _dir = null!;
    private string Host => _dir.Combine("host");
    private string Outside => _dir.Combine("outside");

    [SetUp]
    public void MakeFolders()
    {
        _dir = TempDir.ForCaller(TestContext.CurrentContext.Test.Name);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret"), "keep me");
    }

    [TearDown]
    public void RemoveFolders() => _dir.Dispose();

    private static PaxTarEntry Folder(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101) => new(TarEntryType.Directory, name) { Mode = mode };

    private static PaxTarEntry FileOf(string name, string text, UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), Mode = mode };

    private static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    private static async Task ExtractAsync(string into, params TarEntry[] entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var entry in entries) writer.WriteEntry(entry);
        tar.Position = 0;
        await TarExtract.IntoAsync(tar, into, CancellationToken.None);
    }

    private void AssertOutsideUntouched()
    {
        Assert.That(Directory.GetFileSystemEntries(Outside).Select(Path.GetFileName), Is.EqualTo(new[] { "secret" }));
        Assert.That(File.ReadAllText(Path.Combine(Outside, "secret")), Is.EqualTo("keep me"));
        Assert.That(File.GetUnixFileMode(Outside), Is.EqualTo(File.GetUnixFileMode(_dir.Path)), "its mode as made");
    }

    [Test]
    public async Task IntoAsync_KeepsFoldersModesTimesAndLinks_LeavingOutTheTopFolder()
    {
        var time = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var script = FileOf("build/bin/run.sh", "#!/bin/sh\n", (UnixFileMode)0b111_101_101);
        script.ModificationTime = time;
        await ExtractAsync(Host, Folder("build/", (UnixFileMode)0b111_000_000), Folder("build/bin/"), script, Folder("build/empty/"),
            Link(TarEntryType.SymbolicLink, "build/run", "bin/run.sh"), Link(TarEntryType.SymbolicLink, "build/etc", "/etc"),
            Link(TarEntryType.HardLink, "build/again.sh", "build/bin/run.sh"));

        Assert.That(File.ReadAllText(Path.Combine(Host, "bin", "run.sh")), Is.EqualTo("#!/bin/sh\n"));
        Assert.That(File.GetUnixFileMode(Path.Combine(Host, "bin", "run.sh")), Is.EqualTo((UnixFileMode)0b111_101_101));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(Host, "bin", "run.sh")), Is.EqualTo(time.UtcDateTime));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Host, "empty")), Is.Empty);
        Assert.That(new FileInfo(Path.Combine(Host, "run")).LinkTarget, Is.EqualTo("bin/run.sh"));
        Assert.That(new FileInfo(Path.Combine(Host, "etc")).LinkTarget, Is.EqualTo("/etc"), "a link is kept as the build made it");
        Assert.That(File.ReadAllText(Path.Combine(Host, "again.sh")), Is.EqualTo("#!/bin/sh\n"));
        Assert.That(File.GetUnixFileMode(Host), Is.EqualTo((UnixFileMode)0b111_000_000), "the top folder's mode is the folder's");
    }

    [TestCase("build/../outside/secret", TestName = "IntoAsync_Refuses_ANameClimbingOut")]
    [TestCase("build/../../outside/secret", TestName = "IntoAsync_Refuses_ANameClimbingOutTwice")]
    [TestCase("OUTSIDE/secret", TestName = "IntoAsync_Refuses_AnAbsoluteName")]
    [TestCase("other/secret", TestName = "IntoAsync_Refuses_ANameOutsideTheTopFolder")]
    public void RefusedName(string name)
    {
        var entry = FileOf(name.Replace("OUTSIDE", Outside), "pwned");
        Assert.That(() => ExtractAsync(Host, Folder("build/"), entry), Throws.TypeOf<InvalidDataException>());
        AssertOutsideUntouched();
    }

    [Test]
    public void IntoAsync_Refuses_AFileWrittenThroughALinkPointingOut()
    {
        Assert.That(() => ExtractAsync(Host, Folder("build/"), Link(TarEntryType.SymbolicLink, "build/a", Outside), FileOf("build/a/secret", "pwned")),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("build/a/secret"));
        AssertOutsideUntouched();
    }

    [Test]
    public void IntoAsync_Refuses_AFileWrittenThroughARelativeLinkPointingOut()
    {
        Assert.That(() => ExtractAsync(Host, Folder("build/"), Link(TarEntryType.SymbolicLink, "build/a", "../outside"), FileOf("build/a/new", "pwned")),
            Throws.TypeOf<InvalidDataException>());
        AssertOutsideUntouched();
    }

    [Test]
    public async Task IntoAsync_ReplacesALink_RatherThanWritingThroughIt()
    {
        await ExtractAsync(Host, Folder("build/"), Link(TarEntryType.SymbolicLink, "build/secret", Path.Combine(Outside, "secret")), FileOf("build/secret", "mine"));
        Assert.That(File.ReadAllText(Path.Combine(Host, "secret")), Is.EqualTo("mine"));
        Assert.That(new FileInfo(Path.Combine(Host, "secret")).LinkTarget, Is.Null);
        AssertOutsideUntouched();
    }

    [Test]
    public async Task IntoAsync_SetsNoFolderModeThroughALink_ThatReplacedTheFolder()
    {
        await ExtractAsync(Host, Folder("build/"), Folder("build/d/", UnixFileMode.None), Link(TarEntryType.SymbolicLink, "build/d", Outside));
        Assert.That(new FileInfo(Path.Combine(Host, "d")).LinkTarget, Is.EqualTo(Outside));
        AssertOutsideUntouched();
    }

    [TestCase("build/../outside/secret", TestName = "IntoAsync_Refuses_AHardLinkClimbingOut")]
    [TestCase("/etc/passwd", TestName = "IntoAsync_Refuses_AnAbsoluteHardLink")]
    [TestCase("build/a/secret", TestName = "IntoAsync_Refuses_AHardLinkThroughALinkPointingOut")]
    public void RefusedHardLink(string target)
    {
        Assert.That(() => ExtractAsync(Host, Folder("build/"), Link(TarEntryType.SymbolicLink, "build/a", Outside), Link(TarEntryType.HardLink, "build/h", target)),
            Throws.TypeOf<InvalidDataException>());
        Assert.That(File.Exists(Path.Combine(Host, "h")), Is.False);
        AssertOutsideUntouched();
    }
}
