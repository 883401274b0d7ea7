namespace Cion.Core.Containers;

/// <summary>
/// When each layer-cache volume was last given back: the modification time of an empty file
/// <c>STATE/cache/VOLUME</c>. The engine keeps no such time for a volume; what is in use is still the
/// engine's to say. A missing file (never recorded, or the state directory is new) reads as "never".
/// </summary>
public sealed class CacheUseRecord(string stateDir)
{
    public const string Folder = "cache";

    /// <summary>Records that <paramref name="volume"/> was given back at <paramref name="at"/>.</summary>
    public void Returned(string volume, DateTimeOffset at)
    {
        var path = PathOf(volume);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        File.SetLastWriteTimeUtc(path, at.UtcDateTime);
    }

    /// <summary>Drops the record of a volume that was removed: a new volume of that name starts as "never".</summary>
    public void Forget(string volume)
    {
        var path = PathOf(volume);
        if (File.Exists(path)) File.Delete(path);
    }

    public DateTimeOffset? LastUsed(string volume)
    {
        var path = PathOf(volume);
        return File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;
    }

    /// <summary>Cache volume names are <c>cion-cache-</c> and <c>[a-z0-9_.-]</c>: never a path of their own.</summary>
    private string PathOf(string volume) =>
        volume.StartsWith(CachePool.NamePrefix, StringComparison.Ordinal) && !volume.Contains('/') && !volume.Contains("..")
            ? Path.Combine(stateDir, Folder, volume)
            : throw new ArgumentException($"'{volume}' is not a cache volume's name", nameof(volume));
}
