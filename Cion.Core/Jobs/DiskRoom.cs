using Cion.Core.Config;
using Cion.Core.Containers;

namespace Cion.Core.Jobs;

/// <summary>
/// Makes room when the disk under the state directory is full, before a job fails for it: removes this
/// daemon's free layer caches (every repository's, least recently used first; never one in use) and
/// says so in cion.log. Caches on another disk than the state directory's free nothing there: the job
/// then fails as before, and the log says the removal did not help.
/// </summary>
public sealed class DiskRoom(IContainerEngine engine, string stateDir)
{
    /// <summary>Room enough to carry on: what the step's log and the job's record need for a while.</summary>
    public const long Wanted = 64L << 20;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>True when it removed caches and the state directory's disk has <see cref="Wanted"/> free again: the caller may carry on.</summary>
    public async Task<bool> MakeAsync(Action<string> log)
    {
        using var deadline = new CancellationTokenSource(Limit);
        var uses = new CacheUseRecord(stateDir);
        try
        {
            var volumes = (await engine.CacheVolumesAsync(repo: null, sizes: true, deadline.Token))
                .Select(v => v with { LastUsed = uses.LastUsed(v.Name) }).ToList();
            var removed = 0;
            foreach (var volume in CacheEviction.ForRoom(volumes, Wanted - FreeBytes()))
            {
                if (!await engine.RemoveCacheVolumeAsync(volume.Name, deadline.Token)) continue;
                uses.Forget(volume.Name);
                removed++;
                log($"disk full: removed layer cache {volume.Name} of {volume.Repo} ({ByteSize.Format(volume.Size)}, {CacheText.LastUsed(volume.LastUsed)}) to make room");
            }
            var enough = removed > 0 && FreeBytes() >= Wanted;
            if (removed > 0 && !enough) log($"disk full: removing layer caches left {ByteSize.Format(FreeBytes())} free under {stateDir}: not enough");
            return enough;
        }
        catch (Exception e) when (e is EngineRefusedException or HttpRequestException || (e is OperationCanceledException && deadline.IsCancellationRequested))
        {
            log($"disk full: could not remove layer caches to make room ({e.Message})");
            return false;
        }
    }

    private long FreeBytes() => new DriveInfo(stateDir).AvailableFreeSpace;
}
