using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Tests.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.State;

public sealed class RunIndexTests
{
    private static Job JobAt(int minute, string sha) => JobFileTests.SampleJob() with
    {
        Id = JobId.New(new DateTimeOffset(2026, 11, 24, 20, minute, 0, TimeSpan.Zero), sha), New = sha,
        QueuedAt = new DateTimeOffset(2026, 11, 24, 20, minute, 0, TimeSpan.Zero),
    };

    [Test]
    public void Register_AppendsALinePerRun_ToTheRepoIndex()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var (first, second) = (JobAt(1, new string('a', 40)), JobAt(2, new string('b', 40)));

        store.Register(first);
        store.Register(second);
        store.Register(second); // seen again after a restart: no second line

        var index = File.ReadAllText(Path.Combine(store.Layout.RepoDir("team/app"), RunIndex.FileName));
        Assert.That(index, Is.EqualTo($"{first.Id.Value} {first.New}\n{second.Id.Value} {second.New}\n"));
    }

    [Test]
    public void FirstAppend_ToARepoWrittenBeforeTheIndex_ListsItsEarlierRunsToo()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var old = JobAt(1, new string('a', 40));
        store.Register(old);
        File.Delete(Path.Combine(store.Layout.RepoDir("team/app"), RunIndex.FileName)); // as an older cion left it
        Assert.That(new StateReader(store.Layout).NewestFirst().Select(r => r.Job.Id), Is.EqualTo(new[] { old.Id }),
            "without an index the commit folders are walked");

        var next = JobAt(2, new string('b', 40));
        store.Register(next);

        Assert.That(new StateReader(store.Layout).NewestFirst().Select(r => r.Job.Id), Is.EqualTo(new[] { next.Id, old.Id }));
    }

    [Test]
    public void Readers_SkipLinesOfRemovedRuns_AndReadRepeatedLinesOnce()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var (gone, kept) = (JobAt(1, new string('a', 40)), JobAt(2, new string('b', 40)));
        var goneRun = store.Register(gone);
        store.Register(kept);
        Directory.Delete(goneRun.Dir, recursive: true); // what retention does
        RunIndex.Append(store.Layout.RepoDir("team/app"), kept); // a line written twice (a crash before the run's files)

        var runs = new StateReader(store.Layout).NewestFirst().Select(r => r.Job.Id).ToList();

        Assert.That(runs, Is.EqualTo(new[] { kept.Id }));
        Assert.That(new StateReader(store.Layout).ById(kept.Id)?.Job.Id, Is.EqualTo(kept.Id));
        Assert.That(new StateReader(store.Layout).ById(gone.Id), Is.Null);
    }

    [Test]
    public void Append_AfterALineCutShort_StartsOnANewLine()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var first = JobAt(1, new string('a', 40));
        store.Register(first);
        var index = Path.Combine(store.Layout.RepoDir("team/app"), RunIndex.FileName);
        File.AppendAllText(index, "20261124-2005"); // a write the disk filled up in the middle of

        var next = JobAt(2, new string('b', 40));
        store.Register(next);

        Assert.That(File.ReadAllText(index), Does.EndWith($"\n{next.Id.Value} {next.New}\n"));
        Assert.That(new StateReader(store.Layout).NewestFirst().Select(r => r.Job.Id), Is.EqualTo(new[] { next.Id, first.Id }));
    }
}
