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
        Assert.That(new DirectoryInfo(Path.Combine(dir.Path, "jobs", "team", "app", "branches", "feature", "x")).LinkTarget,
            Is.EqualTo($"../../{job.New}/runs/{job.Id.Value}"), "a branch leads to its own run, not to whatever ran the commit last");
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

    [Test]
    public void Register_KeepsEachBranchOnItsOwnRun_WhenOneCommitIsPushedToTwoBranches()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var onMain = JobFileTests.SampleJob("refs/heads/main");
        var onFeature = JobFileTests.SampleJob("refs/heads/feat") with { Id = JobId.New(onMain.QueuedAt.AddSeconds(1), onMain.New) };
        store.SetStatus(store.Register(onMain), JobState.Succeeded);

        store.Register(onFeature);

        var branches = Path.Combine(dir.Path, "jobs", "team", "app", "branches");
        Assert.That(File.ReadAllText(Path.Combine(branches, "main", "job")), Does.Contain("ref=refs/heads/main"));
        Assert.That(File.ReadAllText(Path.Combine(branches, "main", "status")), Is.EqualTo("succeeded\n"));
        Assert.That(File.ReadAllText(Path.Combine(branches, "feat", "job")), Does.Contain("ref=refs/heads/feat"));
    }

    [TestCase("feature/x", "feature")]
    [TestCase("feature", "feature/x")]
    public void Register_ReplacesAStaleBranchLink_WhenABranchNameBecomesAFolderOrTheOtherWayRound(string first, string second)
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var old = JobFileTests.SampleJob($"refs/heads/{first}");
        store.Register(old);
        var later = JobFileTests.SampleJob($"refs/heads/{second}") with
        {
            Id = JobId.New(old.QueuedAt.AddSeconds(1), "2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b"), New = "2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b",
        };

        store.Register(later);

        var link = Path.Combine(dir.Path, "jobs", "team", "app", "branches", second);
        Assert.That(File.ReadAllText(Path.Combine(link, "job")), Does.Contain($"ref=refs/heads/{second}"));
        Assert.That(Directory.GetFileSystemEntries(store.Layout.CommitDir(old.Repo, old.New)).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "runs", "latest", "status", "job", "build.log", "test.log", "release.log", "cion.log", "result", "artifacts" }),
            "nothing was written through a stale link into a commit folder");
    }

    [Test]
    public void Register_LeavesTheLinksAlone_WhenAnOlderJobIsSeenAgainAfterARestart()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var older = JobFileTests.SampleJob();
        var newer = older with { Id = JobId.New(older.QueuedAt.AddSeconds(1), "2b2b2b2b2b"), New = "2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b" };
        store.Register(older);
        store.Register(newer);

        store.Register(older);

        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "jobs", "team", "app", "branches", "main", "job")), Does.Contain($"new={newer.New}"));
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "jobs", "team", "app", "latest", "job")), Does.Contain($"new={newer.New}"));
    }
}
