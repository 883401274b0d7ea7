using Cion.Core.Jobs;
using Cion.Core.State;
using Cion.Tests.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.State;

public sealed class FileStateStoreTests
{
    [Test]
    public void Register_WritesQueuedStatusAndJob_AndLinksCommitBranchAndRepo()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var job = JobFileTests.SampleJob("refs/heads/feature/x");

        store.Register(job);

        var commitDir = store.Layout.CommitDir(job.Repo, job.New);
        Assert.That(File.ReadAllText(Path.Combine(commitDir, "status")), Is.EqualTo("queued\n"));
        Assert.That(File.ReadAllText(Path.Combine(commitDir, "job")), Does.Contain($"id={job.Id.Value}"));
        Assert.That(new DirectoryInfo(Path.Combine(commitDir, "latest")).LinkTarget, Is.EqualTo($"runs/{job.Id.Value}"));
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "jobs", "team", "app", "branches", "feature", "x", "status")), Is.EqualTo("queued\n"));
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "jobs", "team", "app", "latest", "status")), Is.EqualTo("queued\n"));
        Assert.That(Directory.Exists(Path.Combine(commitDir, "artifacts")), Is.True);
    }

    [Test]
    public void Register_KeepsTheStatus_WhenTheSameJobIsSeenAgain()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var job = JobFileTests.SampleJob();
        var run = store.Register(job);
        store.SetStatus(run, JobState.Running);

        store.Register(job);

        Assert.That(FileStateStore.ReadStatus(run), Is.EqualTo(JobState.Running));
    }

    [Test]
    public void Register_MovesLatestToTheNewRun_AndKeepsTheOldOne()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var first = JobFileTests.SampleJob();
        var second = first with { Id = JobId.New(first.QueuedAt.AddMinutes(1), first.New) };
        store.SetStatus(store.Register(first), JobState.Failed);

        store.Register(second);

        var commitDir = store.Layout.CommitDir(first.Repo, first.New);
        Assert.That(File.ReadAllText(Path.Combine(commitDir, "status")), Is.EqualTo("queued\n"));
        Assert.That(File.ReadAllText(Path.Combine(commitDir, "runs", first.Id.Value, "status")), Is.EqualTo("failed\n"));
    }
}
