using Cion.Core.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.Spool;

/// <summary>Files planted in the spool are read without trusting them: no link followed, no FIFO waited on.</summary>
public sealed class SpoolFileTests
{
    [Test]
    public void Read_GivesTheTextAndTheOwnerOfTheFileItself()
    {
        using var dir = TempDir.ForCaller();
        var path = dir.Combine("a.job");
        File.WriteAllText(path, "id=x\n");
        Shell.Check("chown", ["4001", path]);

        var file = SpoolFile.Read(path);

        Assert.That(file.Text, Is.EqualTo("id=x\n"));
        Assert.That(file.Status.Uid, Is.EqualTo(4001u));
    }

    [Test]
    public void Read_RefusesASymlink_EvenToARealJobFile()
    {
        using var dir = TempDir.ForCaller();
        File.WriteAllText(dir.Combine("real.job"), "id=x\n");
        File.CreateSymbolicLink(dir.Combine("link.job"), dir.Combine("real.job"));

        var error = Assert.Throws<InvalidDataException>(() => SpoolFile.Read(dir.Combine("link.job")));
        Assert.That(error!.Message, Is.EqualTo("a symbolic link, not a job file"));
    }

    [Test]
    public void Read_RefusesAFifo_WithoutWaitingForAWriter()
    {
        using var dir = TempDir.ForCaller();
        Shell.Check("mkfifo", [dir.Combine("pipe.job")]);

        // A blocking open would wait for a writer forever: the time limit turns that into a failure.
        var error = Assert.ThrowsAsync<InvalidDataException>(() => Task.Run(() => SpoolFile.Read(dir.Combine("pipe.job"))).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(error!.Message, Is.EqualTo("not a regular file"));
    }

    [Test]
    public void Read_RefusesADirectoryAndAnOversizedFile()
    {
        using var dir = TempDir.ForCaller();
        Directory.CreateDirectory(dir.Combine("d.job"));
        File.WriteAllBytes(dir.Combine("big.job"), new byte[SpoolFile.MaxBytes + 1]);

        Assert.That(Assert.Throws<InvalidDataException>(() => SpoolFile.Read(dir.Combine("d.job")))!.Message, Is.EqualTo("a directory, not a job file"));
        Assert.That(Assert.Throws<InvalidDataException>(() => SpoolFile.Read(dir.Combine("big.job")))!.Message, Is.EqualTo("larger than 64 KiB"));
    }

    [Test]
    public void Read_SaysFileNotFound_ForAFileThatHasGone()
    {
        using var dir = TempDir.ForCaller();
        Assert.Throws<FileNotFoundException>(() => SpoolFile.Read(dir.Combine("gone.job")));
    }
}
