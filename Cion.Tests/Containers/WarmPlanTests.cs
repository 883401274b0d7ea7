using Cion.Core.Containers;

namespace Cion.Tests.Containers;

public sealed class WarmPlanTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static CachePool Pool(string repo) => new("/var/lib/cion", EngineKind.Rootless, repo, null);

    private static WarmSlot Slot(string repo, bool ready, int minute) => new(Pool(repo), ready, T.AddMinutes(minute));

    [Test]
    public void Decide_StartsOne_WhileThereIsAPlace() =>
        Assert.That(WarmPlan.Decide([Slot("a", true, 0)], Pool("b"), max: 2), Is.EqualTo(new WarmDecision(true, null, "a free place")));

    [Test]
    public void Decide_StartsNone_WhenThePoolHasOneWaitingOrStarting()
    {
        Assert.That(WarmPlan.Decide([Slot("a", true, 0)], Pool("a"), 2).Start, Is.False);
        Assert.That(WarmPlan.Decide([Slot("a", false, 0)], Pool("a"), 2).Start, Is.False);
    }

    [Test]
    public void Decide_StartsNone_WhenOff() =>
        Assert.That(WarmPlan.Decide([], Pool("a"), 0).Start, Is.False);

    [Test]
    public void Decide_RetiresTheOneThatWaitedLongest_WhenFull()
    {
        var decision = WarmPlan.Decide([Slot("a", true, 5), Slot("b", true, 1), Slot("c", true, 3)], Pool("d"), 3);

        Assert.That((decision.Start, decision.Retire?.Pool.Repo), Is.EqualTo((true, "b")));
    }

    [Test]
    public void Decide_NeverRetiresOneStillStarting()
    {
        Assert.That(WarmPlan.Decide([Slot("a", false, 0), Slot("b", true, 2)], Pool("c"), 2).Retire?.Pool.Repo, Is.EqualTo("b"));
        Assert.That(WarmPlan.Decide([Slot("a", false, 0), Slot("b", false, 2)], Pool("c"), 2).Start, Is.False);
    }

    [Test]
    public void Decide_TellsPoolsApartByKindAndRef()
    {
        var rootless = Slot("a", true, 0);
        Assert.That(WarmPlan.Decide([rootless], Pool("a") with { Kind = EngineKind.Root }, 2).Start, Is.True);
        Assert.That(WarmPlan.Decide([rootless], Pool("a") with { Ref = "refs/heads/x" }, 2).Start, Is.True);
    }
}
