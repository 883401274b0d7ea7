namespace Cion.Core.Spool;

/// <summary>
/// Wakes the daemon when something lands in <c>new/</c>. The watcher is only a hint: an
/// overflowed buffer also wakes it, and the daemon always rescans the folder, so a missed
/// event delays a job but never loses it.
/// </summary>
public sealed class SpoolWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;

    public SpoolWatcher(SpoolLayout spool, Action wake)
    {
        _watcher = new FileSystemWatcher(spool.New)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Created += (_, _) => wake();
        _watcher.Renamed += (_, _) => wake();
        _watcher.Error += (_, _) => wake();
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose() => _watcher.Dispose();
}
