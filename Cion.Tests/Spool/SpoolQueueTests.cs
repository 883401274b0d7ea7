using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.Spool;

public sealed class SpoolQueueTests
{
    private static (TempDir Dir, SpoolLayout Spool, SpoolQueue Queue) NewSpool(string name)
    {
        var dir = TempDir.Named(name, nameof(SpoolQueueTests));
        var spool = new SpoolLayout(dir.Path);
        spool.EnsureCreated();
        return (dir, spool, new SpoolQueue(spool));
    }

    [Test]
    public void Waiting_ListsOldestFirst()
    {
        var (dir, spool, queue) = NewSpool(nameof(Waiting_ListsOldestFirst));
        using var _ = dir;
        var writer = new SpoolWriter(spool);
        var t0 = DateTimeOffset.UtcNow;
        foreach (var seconds in new[] { 30, 10, 20 })
            writer.Write(JobFileTests.SampleJob() with { Id = JobId.New(t0.AddSeconds(seconds), "abcdef1"), QueuedAt = t0.AddSeconds(seconds) });

        var waiting = queue.Waiting();

        Assert.That(waiting.Select(n => JobFile.Parse(queue.ReadWaiting(n).Text).QueuedAt), Is.Ordered);
    }

    [Test]
    public void TryClaim_SucceedsOnce_ForSeveralClaimers()
    {
        var (dir, spool, queue) = NewSpool(nameof(TryClaim_SucceedsOnce_ForSeveralClaimers));
        using var _ = dir;
        new SpoolWriter(spool).Write(JobFileTests.SampleJob());
        var name = queue.Waiting().Single();

        var claims = Enumerable.Range(0, 8).AsParallel().Select(_ => new SpoolQueue(spool).TryClaim(name)).ToList();

        Assert.That(claims.Count(c => c is not null), Is.EqualTo(1));
        Assert.That(queue.Waiting(), Is.Empty);
        Assert.That(queue.Claimed(), Is.EqualTo(new[] { name }));
        claims.Single(c => c is not null)!.Complete();
        Assert.That(Directory.GetFiles(spool.Cur), Is.Empty, "completing removes the job and its lock file");
    }

    [Test]
    public void TryAdopt_IsRefused_WhileTheClaimIsHeld_AndGranted_OnceItIsLetGo()
    {
        var (dir, spool, queue) = NewSpool(nameof(TryAdopt_IsRefused_WhileTheClaimIsHeld_AndGranted_OnceItIsLetGo));
        using var _ = dir;
        new SpoolWriter(spool).Write(JobFileTests.SampleJob());
        var name = queue.Waiting().Single();
        var claim = queue.TryClaim(name)!;

        Assert.That(new SpoolQueue(spool).TryAdopt(name), Is.Null, "a live owner holds it");
        claim.Dispose(); // the daemon stopped: the job stays claimed
        using var adopted = new SpoolQueue(spool).TryAdopt(name);
        Assert.That(adopted, Is.Not.Null);
        Assert.That(queue.Claimed(), Is.EqualTo(new[] { name }));
    }

    [Test]
    public void Requeue_PutsAClaimBackInNew()
    {
        var (dir, spool, queue) = NewSpool(nameof(Requeue_PutsAClaimBackInNew));
        using var _ = dir;
        new SpoolWriter(spool).Write(JobFileTests.SampleJob());
        var name = queue.Waiting().Single();

        queue.TryClaim(name)!.Requeue();

        Assert.That(queue.Waiting(), Is.EqualTo(new[] { name }));
        Assert.That(Directory.GetFiles(spool.Cur), Is.Empty);
    }

    [Test]
    public void Reject_MovesTheFileToBad_WithAWhyFile()
    {
        var (dir, spool, queue) = NewSpool(nameof(Reject_MovesTheFileToBad_WithAWhyFile));
        using var _ = dir;
        File.WriteAllText(Path.Combine(spool.New, "junk"), "junk");

        queue.Reject("junk", "not a valid job file: junk");

        Assert.That(queue.Waiting(), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(spool.Bad, "junk")), Is.EqualTo("junk"), "nothing is lost");
        Assert.That(File.ReadAllText(Path.Combine(spool.Bad, "junk.why")), Is.EqualTo("not a valid job file: junk\n"));
    }

    [Test]
    public void RejectCancelRequest_MovesItToBadAsJobIdDotCancel_WithAWhyFile()
    {
        var (dir, spool, queue) = NewSpool(nameof(RejectCancelRequest_MovesItToBadAsJobIdDotCancel_WithAWhyFile));
        using var _ = dir;
        var id = JobFileTests.SampleJob().Id;
        new SpoolWriter(spool).RequestCancel(id, "requested by bob");

        queue.RejectCancelRequest(id.Value, "not allowed to write team/app: bob …");

        Assert.That(queue.CancelRequests(), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(spool.Bad, id.Value + ".cancel")), Is.EqualTo("requested by bob\n"));
        Assert.That(File.ReadAllText(Path.Combine(spool.Bad, id.Value + ".cancel.why")), Is.EqualTo("not allowed to write team/app: bob …\n"));
    }

    [Test]
    public void Reject_MovesASymlinkItself_NotWhatItPointsTo()
    {
        var (dir, spool, queue) = NewSpool(nameof(Reject_MovesASymlinkItself_NotWhatItPointsTo));
        using var _ = dir;
        Directory.CreateDirectory(Path.Combine(dir.Path, "target"));
        File.CreateSymbolicLink(Path.Combine(spool.New, "link.job"), Path.Combine(dir.Path, "target"));

        queue.Reject("link.job", "not a valid job file: a symbolic link, not a job file");

        Assert.That(new FileInfo(Path.Combine(spool.Bad, "link.job")).LinkTarget, Is.EqualTo(Path.Combine(dir.Path, "target")));
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "target")), Is.True);
    }
}
