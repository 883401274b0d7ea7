namespace Cion.Core.Containers;

/// <summary>
/// Pure: which cache volumes go: a repository's, so that together they hold at most
/// <c>dind.cache.max_size</c> (<see cref="Choose"/>), or any, to make room on a full disk
/// (<see cref="ForRoom"/>). Least recently used first (never recorded counts as oldest); a
/// volume in use counts towards the total but is never chosen, so the bound may stay exceeded
/// until its job ends.
/// </summary>
public static class CacheEviction
{
    public static IReadOnlyList<CacheVolume> Choose(IReadOnlyList<CacheVolume> volumes, long maxSize)
    {
        var total = volumes.Sum(v => v.Size);
        var chosen = new List<CacheVolume>();
        foreach (var volume in Oldest(volumes))
        {
            if (total <= maxSize) break;
            chosen.Add(volume);
            total -= volume.Size;
        }
        return chosen;
    }

    /// <summary>
    /// Which free volumes go to make <paramref name="wanted"/> bytes of room on a full disk: least recently
    /// used first, across every repository, until their sizes add up to it; all free ones when they cannot.
    /// </summary>
    public static IReadOnlyList<CacheVolume> ForRoom(IReadOnlyList<CacheVolume> volumes, long wanted)
    {
        var chosen = new List<CacheVolume>();
        var freed = 0L;
        foreach (var volume in Oldest(volumes))
        {
            if (freed >= wanted) break;
            chosen.Add(volume);
            freed += volume.Size;
        }
        return chosen;
    }

    private static IEnumerable<CacheVolume> Oldest(IReadOnlyList<CacheVolume> volumes) =>
        volumes.Where(v => !v.InUse).OrderBy(v => v.LastUsed ?? DateTimeOffset.MinValue).ThenBy(v => v.Name, StringComparer.Ordinal);
}
