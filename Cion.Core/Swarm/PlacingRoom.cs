namespace Cion.Core.Swarm;

/// <summary>
/// Pure: whether ciond may let Swarm place one more runner now, by constraints that leave out the nodes at
/// <c>max_jobs_per_node</c>, without waiting for the runners it let go before to be placed. Each job is a service of
/// its own, so Swarm counts no cap across them: ciond must. A runner not placed yet may land on any node its
/// constraints allow, so it counts against every such node; a node none of this daemon's runners is on yet (one
/// ciond does not see in the count) may take every one of them.
/// </summary>
public static class PlacingRoom
{
    /// <param name="perNode">This daemon's runners placed on each node, by node id, read after <paramref name="unplaced"/>:
    /// a runner placed between the two readings is then counted twice, never missed.</param>
    /// <param name="left">The nodes the new constraints leave out (every node at its cap).</param>
    /// <param name="unplaced">For each other runner not placed yet, the nodes its constraints leave out.</param>
    /// <param name="cap">max_jobs_per_node.</param>
    public static bool Fits(IReadOnlyDictionary<string, int> perNode, IReadOnlySet<string> left,
        IReadOnlyCollection<IReadOnlySet<string>> unplaced, int cap)
    {
        if (unplaced.Count + 1 > cap) return false;
        foreach (var (node, placed) in perNode)
        {
            if (left.Contains(node)) continue;
            var mayLand = unplaced.Count(others => !others.Contains(node));
            if (placed + mayLand + 1 > cap) return false;
        }
        return true;
    }

    /// <summary>The nodes a new runner's constraints leave out: each at its cap.</summary>
    public static IReadOnlySet<string> Full(IReadOnlyDictionary<string, int> perNode, int cap) =>
        perNode.Where(n => n.Value >= cap).Select(n => n.Key).ToHashSet();
}
