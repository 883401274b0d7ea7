using Cion.Core.Config;

namespace Cion.Core.Containers;

/// <summary>
/// Keeps a repository's layer caches within <c>dind.cache.max_size</c>: after a job gives its volume
/// back, measures the repository's volumes (every kind and ref) and removes the least recently used
/// free ones until the rest fit (<see cref="CacheEviction"/>). A volume leased meanwhile is refused by
/// the engine (never forced) and stays.
/// </summary>
public sealed class CacheBound(IContainerEngine engine, CacheUseRecord? uses)
{
    /// <summary>Measuring walks each volume; a slow disk may delay a job's end, never hold it forever.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Never throws for the engine: a bound not enforced now is enforced after the next job.</summary>
    public async Task EnforceAsync(string repo, long maxSize, Action<string> log)
    {
        using var deadline = new CancellationTokenSource(Limit);
        try
        {
            var volumes = (await engine.CacheVolumesAsync(repo, sizes: true, deadline.Token))
                .Select(v => v with { LastUsed = uses?.LastUsed(v.Name) }).ToList();
            var total = volumes.Sum(v => v.Size);
            foreach (var volume in CacheEviction.Choose(volumes, maxSize))
            {
                var removed = await engine.RemoveCacheVolumeAsync(volume.Name, deadline.Token);
                log(removed
                    ? $"layer cache: removed {volume.Name} ({ByteSize.Format(volume.Size)}, {CacheText.LastUsed(volume.LastUsed)}): {repo}'s caches held {ByteSize.Format(total)}, over dind.cache.max_size {ByteSize.Format(maxSize)}"
                    : $"layer cache: kept {volume.Name}: a job took it meanwhile");
                if (removed) uses?.Forget(volume.Name);
            }
        }
        catch (Exception e) when (e is EngineRefusedException or HttpRequestException || (e is OperationCanceledException && deadline.IsCancellationRequested))
        {
            log($"layer cache: could not check {repo}'s caches against dind.cache.max_size ({e.Message}); the next job tries again");
        }
    }
}
