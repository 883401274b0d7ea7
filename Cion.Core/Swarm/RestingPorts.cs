using System.Collections.Concurrent;

namespace Cion.Core.Swarm;

/// <summary>
/// Runner ports no new job gets for a while, though no cion runner service holds them: one found held by another
/// program on a node, and one whose runner this daemon just removed (it goes on listening while it stops). Each rests
/// until a time; a port noted again rests until the later of the two. Memory only: a restarted daemon starts afresh.
/// </summary>
public sealed class RestingPorts
{
    private readonly ConcurrentDictionary<int, DateTimeOffset> _until = new();

    public void Rest(int port, DateTimeOffset until) =>
        _until.AddOrUpdate(port, until, (_, earlier) => earlier > until ? earlier : until);

    /// <summary>The ports still resting at <paramref name="now"/>; those done resting are forgotten.</summary>
    public IReadOnlySet<int> At(DateTimeOffset now)
    {
        foreach (var (port, until) in _until)
            if (until <= now) _until.TryRemove(KeyValuePair.Create(port, until));
        return _until.Keys.ToHashSet();
    }
}
