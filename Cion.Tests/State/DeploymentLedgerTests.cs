using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Tests.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.State;

public sealed class DeploymentLedgerTests
{
    [Test]
    public void Record_AppendsEveryAttempt_AndReplacesCurrentOnlyOnSuccess()
    {
        using var dir = TempDir.ForCaller();
        var layout = new StateLayout(dir.Path);
        var ledger = new DeploymentLedger(layout);
        var first = JobFileTests.SampleJob();
        var second = first with { Id = JobId.New(first.QueuedAt.AddMinutes(1), "2b2b2b2"), New = new string('2', 40), QueuedAt = first.QueuedAt.AddMinutes(1) };

        ledger.Record(first, "production", DeploymentLedger.Succeeded, layout.Run(first), first.QueuedAt.AddSeconds(5));
        ledger.Record(second, "production", DeploymentLedger.Failed, layout.Run(second), second.QueuedAt.AddSeconds(5));

        Assert.That(ledger.Current("team/app", "production")!["sha"], Is.EqualTo(first.New));
        var read = new DeploymentReader(layout).Environments().Single();
        Assert.That((read.Repo, read.Environment), Is.EqualTo(("team/app", "production")));
        Assert.That(read.History.Select(h => (h.Sha, h.Status)), Is.EqualTo(new[] { (first.New, "succeeded"), (second.New, "failed") }));
        Assert.That(read.History[0].RunDir, Is.EqualTo(layout.Run(first).Dir));
    }

    [Test]
    public void NewerSuccessOf_IsTheCurrentDeployment_OnlyWhenItIsALaterPushOfTheSameRef()
    {
        using var dir = TempDir.ForCaller();
        var layout = new StateLayout(dir.Path);
        var ledger = new DeploymentLedger(layout);
        var older = JobFileTests.SampleJob();
        var newer = older with { Id = JobId.New(older.QueuedAt.AddMinutes(1), "2b2b2b2"), New = new string('2', 40), QueuedAt = older.QueuedAt.AddMinutes(1) };
        ledger.Record(newer, "production", DeploymentLedger.Succeeded, layout.Run(newer), newer.QueuedAt);

        Assert.That(ledger.NewerSuccessOf(older, "production"), Is.Not.Null);
        Assert.That(ledger.NewerSuccessOf(older, "staging"), Is.Null, "another environment");
        Assert.That(ledger.NewerSuccessOf(older with { Ref = "refs/heads/other" }, "production"), Is.Null, "another ref");
        Assert.That(ledger.NewerSuccessOf(newer with { QueuedAt = newer.QueuedAt.AddMinutes(1) }, "production"), Is.Null, "a later push");
    }

    [Test]
    public void NewerSuccessOf_RemembersEachRef_WhenAnotherRefDeployedInBetween()
    {
        using var dir = TempDir.ForCaller();
        var layout = new StateLayout(dir.Path);
        var ledger = new DeploymentLedger(layout);
        var olderMain = JobFileTests.SampleJob();
        var newerMain = olderMain with { Id = JobId.New(olderMain.QueuedAt.AddMinutes(1), "2b2b2b2"), New = new string('2', 40), QueuedAt = olderMain.QueuedAt.AddMinutes(1) };
        var hotfix = JobFileTests.SampleJob("refs/heads/hotfix") with { QueuedAt = olderMain.QueuedAt.AddMinutes(2) };
        ledger.Record(newerMain, "production", DeploymentLedger.Succeeded, layout.Run(newerMain), newerMain.QueuedAt);
        ledger.Record(hotfix, "production", DeploymentLedger.Succeeded, layout.Run(hotfix), hotfix.QueuedAt);

        Assert.That(ledger.Current("team/app", "production")!["ref"], Is.EqualTo("refs/heads/hotfix"));
        Assert.That(ledger.NewerSuccessOf(olderMain, "production")?["sha"], Is.EqualTo(newerMain.New), "main's own last success still wins");
    }
}
