using System.Collections.Concurrent;

namespace Cion.Core.Swarm;

/// <summary>
/// The runners this daemon has created that Swarm has not put on a node yet, each with the nodes its constraints
/// leave out: what <see cref="PlacingRoom"/> counts against the nodes before letting another one go.
/// </summary>
internal sealed class UnplacedRunners
{
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _left = new();

    /// <summary>The job's runner was created, or its constraints replaced, leaving out <paramref name="left"/>.</summary>
    public void Set(string jobId, IReadOnlySet<string> left) => _left[jobId] = left;

    /// <summary>Placed, ended, removed, or never created.</summary>
    public void Remove(string jobId) => _left.TryRemove(jobId, out _);

    /// <summary>Every unplaced runner, by job id, with what its constraints leave out.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Now() => new Dictionary<string, IReadOnlySet<string>>(_left);
}
