using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Tests.Spool;

namespace Cion.Tests.State;

public sealed class DeployFieldsTests
{
    private static readonly Job Push = JobFileTests.SampleJob();
    private static readonly Job Deploy = Push with { Deploy = new DeployRequest(Push.Id, "staging", DeployRequest.Deploy, "b broke\nlogin") };

    [Test]
    public void HistoryLine_OfAPushsRelease_ReadsAsBefore()
    {
        var line = HistoryLine.Parse($"2026-12-04T10:00:00.000Z {Push.New} refs/heads/main succeeded /state/runs/x{DeployFields.HistorySuffix(Push)}")!;

        Assert.That((line.RunDir, line.Kind, line.By, line.SourceJob, line.BuildJob), Is.EqualTo(("/state/runs/x", "push", (string?)null, (string?)null, "x")));
    }

    [Test]
    public void HistoryLine_OfADeploy_ReadsKindByAndSource_AndTheReasonToTheLinesEnd()
    {
        var line = HistoryLine.Parse($"2026-12-04T10:00:00.000Z {Push.New} refs/heads/main succeeded /state/runs/y{DeployFields.HistorySuffix(Deploy)}")!;

        Assert.That((line.RunDir, line.Kind, line.By, line.SourceJob, line.Reason), Is.EqualTo(("/state/runs/y", "deploy", "alice", Push.Id.Value, "b broke login")));
        Assert.That(line.BuildJob, Is.EqualTo(Push.Id.Value));
    }

    [Test]
    public void CurrentLines_AreEmptyForAPush_AndOneKeyPerLineForADeploy()
    {
        Assert.That(DeployFields.CurrentLines(Push), Is.Empty);
        Assert.That(DeployFields.CurrentLines(Deploy), Is.EqualTo($"kind=deploy\nby=alice\nsource_job={Push.Id.Value}\nreason=b broke login\n"));
    }

    [Test]
    public void DeployedBuilds_KeepTheBuildsOfTheLastSuccessfulDeployments()
    {
        var jobIds = Enumerable.Range(1, 4).Select(i => JobId.New(new DateTimeOffset(2026, 12, 4, 10, i, 0, TimeSpan.Zero), Push.New)).ToList();
        var ids = jobIds.Select(id => id.Value).ToList();
        RunRecord Run(string id) => new(Push with { Id = jobIds[ids.IndexOf(id)] }, JobState.Succeeded, new Dictionary<string, string>(), new RunPaths("/r/" + id));
        HistoryLine Line(string id, string status, string? source = null) =>
            HistoryLine.Parse($"t {Push.New} refs/heads/main {status} /r/{id}" + (source is null ? "" : $" kind=rollback by=bob source_job={source} reason="))!;
        var history = new[] { Line(ids[0], "succeeded"), Line(ids[1], "succeeded"), Line(ids[2], "failed"), Line(ids[3], "succeeded", source: ids[0]) };

        var builds = DeployedBuilds.Of([new Deployments("team/app", "staging", null, history)], lastDeployments: 2);

        Assert.That(ids.Select(id => builds.MayRemove(Run(id))), Is.EqualTo(new[] { false, false, true, true }),
            "the second's own build and the first's (the rollback's source); not the failed one, nor the rollback's run");
    }
}
