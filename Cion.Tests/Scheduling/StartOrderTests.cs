using Cion.Core.Scheduling;

namespace Cion.Tests.Scheduling;

public sealed class StartOrderTests
{
    [TestCase("a b c", "a b c", 0, 2, "a")]
    [TestCase("a b c", "b c", 0, 2, "b")]
    [TestCase("a b c", "c", 1, 2, "c")]
    [TestCase("a b c", "a b c", 1, 1, null)]
    [TestCase("a b c", "a b c", 3, 2, null)]
    [TestCase("a b c", "", 0, 2, null)]
    [TestCase("", "", 0, 2, null)]
    [TestCase("a b c", "z", 0, 2, null)]
    public void Next_StartsTheOldestWaitingJob_WhileASlotIsFree(string oldestFirst, string waiting, int running, int concurrency, string? next) =>
        Assert.That(StartOrder.Next(Words(oldestFirst), Words(waiting).Contains, running, concurrency), Is.EqualTo(next));

    [TestCase(2, 0, "a b")]
    [TestCase(2, 1, "a")]
    [TestCase(1, 0, "a")]
    [TestCase(5, 0, "a b c")]
    [TestCase(1, 3, "")]
    public void Next_FillsTheFreeSlotsInOrder_WhenCalledUntilNull(int concurrency, int running, string started)
    {
        var waiting = new List<string> { "a", "b", "c" };
        var names = waiting.ToList();
        var order = new List<string>();
        while (StartOrder.Next(names, waiting.Contains, running + order.Count, concurrency) is { } name)
        {
            waiting.Remove(name);
            order.Add(name);
        }

        Assert.That(order, Is.EqualTo(Words(started)));
    }

    [Test]
    public void Next_OffersTheSlotToTheNextJob_WhenAnotherDaemonWinsTheClaim()
    {
        var waiting = new HashSet<string> { "a", "b" };
        string[] names = ["a", "b"];

        var first = StartOrder.Next(names, waiting.Contains, 0, 1);
        waiting.Remove(first!); // tried, but the claim went to another daemon: still nothing running here

        Assert.That(StartOrder.Next(names, waiting.Contains, 0, 1), Is.EqualTo("b"));
    }

    private static List<string> Words(string text) => [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
}
