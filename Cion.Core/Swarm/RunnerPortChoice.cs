namespace Cion.Core.Swarm;

/// <summary>
/// Pure: the port a new runner listens on. Runners sit on their node's own network, and ciond cannot know the node
/// before Swarm picks it, so each gets a port no other cion runner on the whole swarm holds: two runners never
/// clash, whatever nodes they land on. The lowest such port, less those found held by some other program on a node
/// (a runner that could not listen there ends with <see cref="RunnerExit.PortTaken"/>, and its job is placed again).
/// </summary>
public static class RunnerPortChoice
{
    /// <param name="taken">Ports of running cion runners, and ports found held by other programs.</param>
    /// <returns>The lowest port from <paramref name="first"/> on (at most <paramref name="count"/> of them, none past 65535) not in <paramref name="taken"/>; null when all are.</returns>
    public static int? Pick(int first, int count, IReadOnlySet<int> taken)
    {
        var last = Math.Min(first + count - 1, 65535);
        for (var port = first; port <= last; port++)
            if (!taken.Contains(port)) return port;
        return null;
    }
}
