namespace Cion.Core.Spool;

/// <summary>
/// Wakes the daemon when something lands in <c>new/</c>. The watcher is only a hint: an
/// overflowed buffer also wakes it, and the daemon always rescans the folder, so a missed
/// event delays a job but never loses it.
/// </summary>
public sealed class SpoolWatcher : IDisposable
{
    private readonly FileSystemWatcher[] _watchers;

    /// <summary>Watches <c>new/</c> for jobs and <c>cancel/</c> for cancel requests.</summary>
    public SpoolWatcher(SpoolLayout spool, Action wake) => _watchers = [Watch(spool.New, wake), Watch(spool.Cancel, wake)];

    private static FileSystemWatcher Watch(string dir, Action wake)
    {
        var watcher = new FileSystemWatcher(dir)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Created += (_, _) => wake();
        watcher.Renamed += (_, _) => wake();
        watcher.Error += (_, _) => wake();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
    }
}
