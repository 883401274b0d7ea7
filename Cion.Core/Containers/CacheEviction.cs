namespace Cion.Core.Containers;

/// <summary>
/// Pure: which of a repository's cache volumes go so that together they hold at most
/// <c>dind.cache.max_size</c>. Least recently used first (never recorded counts as oldest); a
/// volume in use counts towards the total but is never chosen, so the bound may stay exceeded
/// until its job ends.
/// </summary>
public static class CacheEviction
{
    public static IReadOnlyList<CacheVolume> Choose(IReadOnlyList<CacheVolume> volumes, long maxSize)
    {
        var total = volumes.Sum(v => v.Size);
        var chosen = new List<CacheVolume>();
        var candidates = volumes.Where(v => !v.InUse)
            .OrderBy(v => v.LastUsed ?? DateTimeOffset.MinValue).ThenBy(v => v.Name, StringComparer.Ordinal);
        foreach (var volume in candidates)
        {
            if (total <= maxSize) break;
            chosen.Add(volume);
            total -= volume.Size;
        }
        return chosen;
    }
}
