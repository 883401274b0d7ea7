namespace Cion.Core.Containers;

/// <summary>
/// Gives a job's engine a layer-cache volume as its data root when its pool has one free.
/// The lease is the engine container itself (a volume is in use while a container mounts it), so
/// nothing here outlives a crash; the gate only makes "look, choose, create the container" one
/// step within this daemon, so two jobs of a repository never choose the same free volume.
/// </summary>
/// <remarks>Safe to call concurrently; a job never waits for a cache, only for another job's choice.</remarks>
public sealed class CacheLeases(IContainerEngine engine, EngineSettings settings, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CacheUseRecord? _uses = settings.CacheOwner.Length > 0 ? new CacheUseRecord(settings.CacheOwner) : null;

    /// <summary>
    /// Records that the cache volumes among <paramref name="volumes"/> were given back now (their engine
    /// is gone), then keeps their repository within <c>dind.cache.max_size</c>, saying in <paramref name="log"/> what it removed.
    /// </summary>
    public async Task ReturnedAsync(IEnumerable<NamedVolume> volumes, Action<string> log)
    {
        foreach (var volume in volumes.Where(v => v.IsCache))
        {
            _uses?.Returned(volume.Name, clock.GetUtcNow());
            if (settings.CacheMaxSize is not { } max || volume.CacheLabels?.GetValueOrDefault(Labels.CacheRepo) is not { } repo) continue;
            // Under the gate: no job of this daemon chooses a volume while it may be removed.
            await _gate.WaitAsync();
            try { await new CacheBound(engine, _uses).EnforceAsync(repo, max, log); }
            finally { _gate.Release(); }
        }
    }

    /// <summary>
    /// Holds the gate until the returned lease is disposed, which the caller does once the engine's
    /// container exists. <see cref="CacheLease.Container"/> is the container with the cache volume as
    /// its data root, or unchanged (its own volume) when the spec has no pool or the pool has none free.
    /// </summary>
    public async Task<CacheLease> LeaseAsync(ServiceSpec spec, ContainerSpec container, Action<string> log, CancellationToken ct)
    {
        if (spec.Cache is not { } pool || container.Volumes is not [_]) return new CacheLease(container, null);
        await _gate.WaitAsync(ct);
        try
        {
            var existing = (await engine.CacheVolumesAsync(pool.Repo, sizes: false, ct)).Select(v => v with { LastUsed = _uses?.LastUsed(v.Name) }).ToList();
            if (pool.Choose(existing, settings.CacheVolumes) is not { } name)
            {
                log($"service {spec.Name}: all {settings.CacheVolumes} layer caches of {pool.Repo} are in use: this engine starts empty");
                _gate.Release();
                return new CacheLease(container, null);
            }
            var fresh = existing.All(v => v.Name != name);
            log($"service {spec.Name}: data root on layer cache {name}{(fresh ? " (new, empty)" : "")}");
            return new CacheLease(pool.WithDataRoot(container, name), _gate);
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }
}
