using Cion.Core.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.Spool;

public sealed class SpoolWriterTests
{
    [Test]
    public void Write_PutsOneWholeFileInNew_AndLeavesTmpEmpty()
    {
        using var dir = TempDir.ForCaller();
        var spool = new SpoolLayout(dir.Path);
        spool.EnsureCreated();
        var job = JobFileTests.SampleJob();

        var path = new SpoolWriter(spool).Write(job);

        Assert.That(path, Is.EqualTo(Path.Combine(spool.New, job.Id.Value + ".job")));
        Assert.That(JobFile.Parse(File.ReadAllText(path)), Is.EqualTo(job));
        Assert.That(Directory.GetFiles(spool.Tmp), Is.Empty);
    }

    [Test]
    public void Write_NeverOverwrites_AJobWithTheSameId()
    {
        using var dir = TempDir.ForCaller();
        var spool = new SpoolLayout(dir.Path);
        spool.EnsureCreated();
        var job = JobFileTests.SampleJob();
        File.WriteAllText(Path.Combine(spool.Tmp, job.Id.Value + ".job"), "someone else's half-written file");

        Assert.Throws<IOException>(() => new SpoolWriter(spool).Write(job));
    }

    [Test]
    public void WriteAndRequestCancel_LeaveFilesOnlyTheirOwnerMayChange()
    {
        using var dir = TempDir.ForCaller();
        var spool = new SpoolLayout(dir.Path);
        spool.EnsureCreated();
        var writer = new SpoolWriter(spool);

        var job = JobFileTests.SampleJob();
        var queued = writer.Write(job);
        writer.RequestCancel(job.Id, "requested by alice");

        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        Assert.That(File.GetUnixFileMode(queued), Is.EqualTo(ownerOnly));
        Assert.That(File.GetUnixFileMode(Path.Combine(spool.Cancel, job.Id.Value)), Is.EqualTo(ownerOnly));
    }
}
