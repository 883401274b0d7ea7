using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

/// <summary>
/// When ciond may let Swarm place a runner before the ones it let go earlier are placed: only while, wherever Swarm
/// puts all of them, no node goes over max_jobs_per_node.
/// </summary>
public sealed class PlacingRoomTests
{
    /// <param name="placed">"node=count" for each node holding this daemon's runners.</param>
    /// <param name="unplaced">For each runner not placed yet, the nodes its constraints leave out ("a+b"; "" none).</param>
    [TestCase(2, "", new string[0], true, TestName = "Fits_TheFirstRunner_OnAnEmptySwarm")]
    [TestCase(1, "", new[] { "" }, false, TestName = "Fits_NoSecond_WhenACapOfOneMeetsARunnerThatMayLandAnywhere")]
    [TestCase(2, "", new[] { "" }, true, TestName = "Fits_TwoUnplaced_UnderACapOfTwo")]
    [TestCase(2, "", new[] { "", "" }, false, TestName = "Fits_NoThird_UnderACapOfTwo_ForANodeNotSeenYetMayTakeAll")]
    [TestCase(2, "a=1", new string[0], true, TestName = "Fits_ANodeWithOneFreeSlot_AndNothingUnplaced")]
    [TestCase(2, "a=1", new[] { "" }, false, TestName = "Fits_No_WhenTheOneFreeSlotMayGoToTheUnplacedRunner")]
    [TestCase(2, "a=1", new[] { "a" }, true, TestName = "Fits_WhenTheUnplacedRunnerLeavesThatNodeOut")]
    [TestCase(2, "a=2,b=1", new[] { "a" }, false, TestName = "Fits_No_WhenTheUnplacedRunnerMayTakeTheLastSlotLeft")]
    [TestCase(2, "a=2,b=0", new[] { "a" }, true, TestName = "Fits_FullNodesCountForNothing_TheyAreLeftOut")]
    [TestCase(25, "a=10,b=10", new[] { "", "", "" }, true, TestName = "Fits_ManyAtOnce_UnderALargeCap")]
    [TestCase(25, "a=23,b=0", new[] { "", "" }, false, TestName = "Fits_No_WhenOneNodeWouldGoOverALargeCap")]
    public void Fits(int cap, string placed, string[] unplaced, bool fits)
    {
        var perNode = placed.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Split('='))
            .ToDictionary(n => n[0], n => int.Parse(n[1]));
        IReadOnlyCollection<IReadOnlySet<string>> others =
            [.. unplaced.Select(u => (IReadOnlySet<string>)u.Split('+', StringSplitOptions.RemoveEmptyEntries).ToHashSet())];
        Assert.That(PlacingRoom.Fits(perNode, PlacingRoom.Full(perNode, cap), others, cap), Is.EqualTo(fits));
    }

    [Test]
    public void Full_IsEveryNodeAtOrOverItsCap() =>
        Assert.That(PlacingRoom.Full(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1, ["c"] = 3 }, 2), Is.EquivalentTo(new[] { "a", "c" }));

    /// <summary>
    /// The rule itself, tried against every way Swarm could place the runners: whenever it lets a runner go, no
    /// assignment of it and the unplaced ones to the nodes their constraints allow puts a node over its cap.
    /// </summary>
    [Test]
    public void Fits_NeverLetsANodeGoOverItsCap_WhereverSwarmPutsTheRunners()
    {
        var nodes = new[] { "a", "b", "c" };
        var random = new Random(16);
        for (var round = 0; round < 2000; round++)
        {
            var cap = random.Next(1, 4);
            // A node that holds none of the daemon's runners may be missing from the count, as the manager leaves it out.
            var perNode = nodes.Select(n => (Node: n, Placed: random.Next(0, cap + 1)))
                .Where(n => n.Placed > 0 || random.Next(2) == 0).ToDictionary(n => n.Node, n => n.Placed);
            var unplaced = Enumerable.Range(0, random.Next(0, 3))
                .Select(_ => (IReadOnlySet<string>)nodes.Where(_ => random.Next(2) == 0).ToHashSet()).ToList();
            var left = PlacingRoom.Full(perNode, cap);
            if (!PlacingRoom.Fits(perNode, left, unplaced, cap)) continue;
            // Unreachable: each unplaced runner was let go by this same rule, counting the node's runners and its own landing.
            if (unplaced.Any(u => nodes.Any(n => !u.Contains(n) && perNode.GetValueOrDefault(n) >= cap))) continue;
            foreach (var landing in Landings([.. unplaced, left], nodes))
            {
                var after = nodes.ToDictionary(n => n, n => perNode.GetValueOrDefault(n) + landing.Count(l => l == n));
                Assert.That(after.Values.Max(), Is.LessThanOrEqualTo(cap),
                    $"cap {cap}, placed {string.Join(",", perNode)}, landing {string.Join(",", landing)}");
            }
        }
    }

    /// <summary>Every way each runner may land on a node its constraints allow.</summary>
    private static IEnumerable<string[]> Landings(IReadOnlyList<IReadOnlySet<string>> runners, string[] nodes) =>
        runners.Count == 0
            ? [[]]
            : from first in nodes.Where(n => !runners[0].Contains(n))
              from rest in Landings([.. runners.Skip(1)], nodes)
              select (string[])[first, .. rest];
}
