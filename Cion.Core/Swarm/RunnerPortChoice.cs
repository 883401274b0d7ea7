namespace Cion.Core.Swarm;

/// <summary>
/// Pure: the port a new runner listens on. Runners sit on their node's own network, and ciond cannot know the node
/// before Swarm picks it, so each gets a port no other cion runner on the whole swarm holds: two runners never
/// clash, whatever nodes they land on. Random among the free ones, so a port some other program holds on one node
/// is not drawn again and again.
/// </summary>
public static class RunnerPortChoice
{
    /// <returns>A port from <paramref name="first"/> on (at most <paramref name="count"/> of them, none past 65535) not in <paramref name="taken"/>; null when all are.</returns>
    public static int? Pick(int first, int count, IReadOnlySet<int> taken, Random random)
    {
        var last = Math.Min(first + count - 1, 65535);
        var free = Enumerable.Range(first, Math.Max(0, last - first + 1)).Where(port => !taken.Contains(port)).ToList();
        return free.Count == 0 ? null : free[random.Next(free.Count)];
    }
}
