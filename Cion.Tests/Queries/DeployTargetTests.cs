using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Tests.Spool;

namespace Cion.Tests.Queries;

public sealed class DeployTargetTests
{
    /// <summary>History lines from a compact form: "a" a push of commit a that deployed, "b!" one that failed, "a<b" a rollback of a's build.</summary>
    private static List<HistoryLine> History(string lines) =>
    [
        .. lines.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((entry, i) =>
        {
            var sha = entry[..1].PadRight(40, entry[0]);
            var status = entry.EndsWith('!') ? DeploymentLedger.Failed : DeploymentLedger.Succeeded;
            var line = $"2026-12-04T10:00:0{i}.000Z {sha} refs/heads/main {status} /state/jobs/team/app/{sha}/runs/job-of-{entry[0]}-{i}";
            return HistoryLine.Parse(entry.Contains('<') ? line + $" kind=rollback by=alice source_job=job-of-{entry[0]} reason=" : line)!;
        }),
    ];

    [TestCase("a b", "a")]
    [TestCase("a b b", "a")]
    [TestCase("a b c!", "a")]
    [TestCase("a b c a<", "c")]
    [TestCase("a b! a", null)]
    [TestCase("a", null)]
    [TestCase("", null)]
    [TestCase("a! b", null)]
    public void ForRollback_IsTheLastSuccessfulDeploymentOfAnotherCommit(string history, string? commit) =>
        Assert.That(DeployTarget.ForRollback(History(history))?.Sha[..1], Is.EqualTo(commit));

    [Test]
    public void ForRollback_DeploysTheBuildOfARollback_NotTheRollbacksOwnRun()
    {
        var target = DeployTarget.ForRollback(History("a b< c"))!;
        Assert.That(target.BuildJob, Is.EqualTo("job-of-b"));
        Assert.That(DeployTarget.ForRollback(History("a c"))!.BuildJob, Is.EqualTo("job-of-a-0"));
    }

    private static RunRecord Run(string sha, int minute, JobState status, DeployRequest? deploy = null)
    {
        var at = new DateTimeOffset(2026, 12, 4, 10, minute, 0, TimeSpan.Zero);
        var job = JobFileTests.SampleJob() with { Id = JobId.New(at, sha), New = sha, QueuedAt = at, Deploy = deploy };
        return new RunRecord(job, status, new Dictionary<string, string>(), new RunPaths($"/state/{minute}"));
    }

    [Test]
    public void ForDeploy_TakesACommitsNewestSucceededBuild_NeverADeploy()
    {
        var sha = "abcdef".PadRight(40, '1');
        var good = Run(sha, 1, JobState.Succeeded);
        var runs = new[]
        {
            good, Run(sha, 2, JobState.Failed), Run(sha, 3, JobState.Succeeded, new DeployRequest(good.Job.Id, "staging", DeployRequest.Deploy, "")),
            Run("abcd99".PadRight(40, '2'), 4, JobState.Succeeded),
        };

        Assert.That(DeployTarget.ForDeploy("team/app", "abcdef", runs), Is.SameAs(good));
        Assert.That(DeployTarget.ForDeploy("team/app", runs[1].Job.Id.Value, runs), Is.SameAs(runs[1]));
        Assert.That(() => DeployTarget.ForDeploy("team/app", "abcd", runs), Throws.TypeOf<JobSelectionException>().With.Message.StartsWith("'abcd' fits 2 commits of team/app"));
        Assert.That(() => DeployTarget.ForDeploy("team/app", "abc", runs), Throws.TypeOf<JobSelectionException>().With.Message.Contains("4 or more hex digits"));
    }
}
