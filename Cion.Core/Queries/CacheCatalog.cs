using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Containers.Docker;

namespace Cion.Core.Queries;

/// <summary>
/// What <c>cion cache</c> asks of the engine: a daemon's layer caches with sizes and last use, and the
/// removal of a repository's free ones. The engine says what exists and what is in use; the state
/// directory says when each was last given back.
/// </summary>
/// <param name="owned">Disposed with the catalog: the engine connection <see cref="Open"/> made.</param>
public sealed class CacheCatalog(IContainerEngine engine, string stateDir, IDisposable? owned = null) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly CacheUseRecord _uses = new(stateDir);

    /// <summary>On the engine the server config names, its caches those of the config's daemon; dispose it when done.</summary>
    public static CacheCatalog Open(ServerConfig config)
    {
        var engine = DockerEngine.Connect(new Uri(config.Docker), config.State);
        return new CacheCatalog(engine, config.State, engine);
    }

    public void Dispose() => owned?.Dispose();

    /// <summary>One repository's caches, or every repository's when <paramref name="repo"/> is null, by repository and name.</summary>
    public async Task<IReadOnlyList<CacheVolume>> ListAsync(string? repo, CancellationToken ct) =>
        [.. (await engine.CacheVolumesAsync(repo, sizes: true, ct))
            .Select(v => v with { LastUsed = _uses.LastUsed(v.Name) })
            .OrderBy(v => v.Repo, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Removes the repository's caches that no container mounts. One in use is tried again until
    /// <paramref name="wait"/> has passed (zero: skipped at once); what is still in use then is returned as skipped.
    /// </summary>
    /// <param name="said">Called once per volume as soon as it is removed.</param>
    public async Task<IReadOnlyList<CacheVolume>> ClearAsync(string repo, TimeSpan wait, Action<CacheVolume> said, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + wait;
        var left = (await engine.CacheVolumesAsync(repo, sizes: false, ct)).ToList();
        while (true)
        {
            var inUse = new List<CacheVolume>();
            foreach (var volume in left)
            {
                // Never forced: the engine refuses while a job's engine mounts it, even one leased since the list was read.
                if (!await engine.RemoveCacheVolumeAsync(volume.Name, ct)) { inUse.Add(volume); continue; }
                _uses.Forget(volume.Name);
                said(volume);
            }
            if (inUse.Count == 0 || DateTimeOffset.UtcNow >= deadline) return await WhoUsesAsync(repo, inUse, ct);
            await Task.Delay(Poll, ct);
            left = inUse;
        }
    }

    /// <summary>The skipped volumes as the engine sees them now, so each names the container that holds it.</summary>
    private async Task<IReadOnlyList<CacheVolume>> WhoUsesAsync(string repo, List<CacheVolume> skipped, CancellationToken ct)
    {
        if (skipped.Count == 0) return skipped;
        var now = (await engine.CacheVolumesAsync(repo, sizes: false, ct)).ToDictionary(v => v.Name);
        return [.. skipped.Select(v => now.GetValueOrDefault(v.Name) ?? v)];
    }
}
