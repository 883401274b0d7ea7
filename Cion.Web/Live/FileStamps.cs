namespace Cion.Web.Live;

/// <summary>
/// Remembers each file's size and modification time as last seen, so a follower's poll is a stat
/// per file and the file is opened only when it changed (or appeared, or was replaced).
/// </summary>
internal sealed class FileStamps
{
    private readonly Dictionary<string, (long Length, DateTime Written)> _seen = [];

    /// <summary>True the first time, and whenever the file's size or time differs from the last call.</summary>
    public bool Changed(string path)
    {
        var info = new FileInfo(path);
        var now = info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1L, DateTime.MinValue);
        if (_seen.TryGetValue(path, out var before) && before == now) return false;
        _seen[path] = now;
        return true;
    }
}
