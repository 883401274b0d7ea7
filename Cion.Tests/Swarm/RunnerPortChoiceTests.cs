using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

/// <summary>Each runner's port: free of every other cion runner on the swarm, within the range.</summary>
public sealed class RunnerPortChoiceTests
{
    [Test]
    public void Pick_NeverTakesATakenPort_AndStaysInTheRange()
    {
        var taken = Enumerable.Range(7700, 999).Where(p => p != 8111).ToHashSet();
        for (var seed = 0; seed < 20; seed++)
            Assert.That(RunnerPortChoice.Pick(7700, 1000, taken, new Random(seed)), Is.AnyOf(8111, 8699));
    }

    [Test]
    public void Pick_IsNull_WhenEveryPortIsTaken() =>
        Assert.That(RunnerPortChoice.Pick(7700, 3, new HashSet<int> { 7700, 7701, 7702 }, new Random(1)), Is.Null);

    [Test]
    public void Pick_StopsAt65535()
    {
        Assert.That(RunnerPortChoice.Pick(65535, 1000, new HashSet<int>(), new Random(1)), Is.EqualTo(65535));
        Assert.That(RunnerPortChoice.Pick(65535, 1000, new HashSet<int> { 65535 }, new Random(1)), Is.Null);
    }

    [Test]
    public void Pick_SpreadsOverTheFreePorts()
    {
        var drawn = Enumerable.Range(0, 200).Select(seed => RunnerPortChoice.Pick(7700, 1000, new HashSet<int>(), new Random(seed))).Distinct().Count();
        Assert.That(drawn, Is.GreaterThan(100), "random among the free ones, so a port another program holds on one node is not drawn every time");
    }
}
