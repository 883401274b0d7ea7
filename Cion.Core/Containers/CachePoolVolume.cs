namespace Cion.Core.Containers;

/// <summary>A layer-cache volume and the pool it belongs to, as its labels say.</summary>
public sealed record CachePoolVolume(string Name, CachePool Pool)
{
    /// <summary>Pure: the pool from a volume's labels; null when they do not make one whose names include this volume's.</summary>
    public static CachePoolVolume? From(string name, IDictionary<string, string>? labels)
    {
        if (labels is null || !labels.TryGetValue(Labels.CacheRepo, out var repo) || !labels.TryGetValue(Labels.Owner, out var owner)
            || !labels.TryGetValue(Labels.CacheKind, out var kindWord)) return null;
        EngineKind? kind = kindWord switch { "root" => EngineKind.Root, "rootless" => EngineKind.Rootless, _ => null };
        if (kind is null) return null;
        var pool = new CachePool(owner, kind.Value, repo, labels.TryGetValue(Labels.CacheRef, out var gitRef) ? gitRef : null);
        return pool.TrySlot(name, out _) ? new CachePoolVolume(name, pool) : null;
    }
}
