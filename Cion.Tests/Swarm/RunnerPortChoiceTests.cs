using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

/// <summary>Each runner's port: free of every other cion runner on the swarm and of ports found held, within the range.</summary>
public sealed class RunnerPortChoiceTests
{
    [TestCase(new int[0], 7700)]
    [TestCase(new[] { 7700 }, 7701)]
    [TestCase(new[] { 7700, 7701, 7703 }, 7702)]
    [TestCase(new[] { 7699, 8700 }, 7700)]
    public void Pick_IsTheLowestPortNotTaken(int[] taken, int expected) =>
        Assert.That(RunnerPortChoice.Pick(7700, 1000, taken.ToHashSet()), Is.EqualTo(expected));

    [Test]
    public void Pick_StaysInTheRange()
    {
        var taken = Enumerable.Range(7700, 999).ToHashSet();
        Assert.That(RunnerPortChoice.Pick(7700, 1000, taken), Is.EqualTo(8699));
        Assert.That(RunnerPortChoice.Pick(7700, 1000, taken.Append(8699).ToHashSet()), Is.Null);
    }

    [Test]
    public void Pick_IsNull_WhenEveryPortIsTaken() =>
        Assert.That(RunnerPortChoice.Pick(7700, 3, new HashSet<int> { 7700, 7701, 7702 }), Is.Null);

    [Test]
    public void Pick_StopsAt65535()
    {
        Assert.That(RunnerPortChoice.Pick(65535, 1000, new HashSet<int>()), Is.EqualTo(65535));
        Assert.That(RunnerPortChoice.Pick(65535, 1000, new HashSet<int> { 65535 }), Is.Null);
    }
}
