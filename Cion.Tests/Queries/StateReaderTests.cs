using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Tests.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.Queries;

public sealed class StateReaderTests
{
    private static Job JobAt(string repo, int minute, string sha) => JobFileTests.SampleJob() with
    {
        Id = JobId.New(new DateTimeOffset(2026, 11, 24, 20, minute, 0, TimeSpan.Zero), sha),
        Repo = repo, New = sha, QueuedAt = new DateTimeOffset(2026, 11, 24, 20, minute, 0, TimeSpan.Zero),
    };

    [Test]
    public void NewestFirst_OrdersEveryRunOfEveryRepoByQueueTime_AndSkipsTheLinks()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        // Registered out of order, over nested repos and two runs of one commit.
        var jobs = new[]
        {
            JobAt("team/app", 3, new string('a', 40)), JobAt("solo", 1, new string('b', 40)),
            JobAt("team/app", 5, new string('a', 40)), JobAt("team/deep/lib", 4, new string('c', 40)),
            JobAt("solo", 2, new string('d', 40)),
        };
        foreach (var job in jobs) store.Register(job);

        var all = new StateReader(store.Layout).NewestFirst().Select(r => r.Job.Id).ToList();
        var team = new StateReader(store.Layout).NewestFirst("team/app").Select(r => r.Job.Id).ToList();

        Assert.That(all, Is.EqualTo(jobs.OrderByDescending(j => j.QueuedAt).Select(j => j.Id)));
        Assert.That(team, Is.EqualTo(new[] { jobs[2].Id, jobs[0].Id }));
    }

    [Test]
    public void NewestFirst_SkipsARunItCannotRead()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var broken = store.Register(JobAt("app", 2, new string('a', 40)));
        store.Register(JobAt("app", 1, new string('b', 40)));
        File.WriteAllText(broken.Job, "not a job file");

        var runs = new StateReader(store.Layout).NewestFirst().ToList();

        Assert.That(runs.Single().Job.New, Is.EqualTo(new string('b', 40)));
    }

    [Test]
    public void NestedRepos_EachListTheirOwnRuns_AndAllListsEveryRunOnce()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var parent = JobAt("team", 1, new string('a', 40));
        var child = JobAt("team/app", 2, new string('b', 40));
        store.Register(parent);
        store.Register(child);

        var reader = new StateReader(store.Layout);

        Assert.That(reader.NewestFirst().Select(r => r.Job.Id), Is.EqualTo(new[] { child.Id, parent.Id }));
        Assert.That(reader.NewestFirst("team").Select(r => r.Job.Id), Is.EqualTo(new[] { parent.Id }));
        Assert.That(reader.RunsOnDisk("team").Select(r => r.Job.Id), Is.EqualTo(new[] { parent.Id }), "retention of 'team' never sees team/app's runs");
    }
}
