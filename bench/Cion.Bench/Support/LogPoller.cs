namespace Cion.Bench.Support;

/// <summary>
/// Notes when each stamped line (<see cref="StampedLog"/>) becomes readable in a log file, by
/// reading the file's new bytes every millisecond: the floor under any reader of the log.
/// </summary>
public sealed class LogPoller : IDisposable
{
    private readonly string _path;
    private readonly Thread _thread;
    private readonly Dictionary<int, DateTimeOffset> _seen = [];
    private volatile bool _stop;

    public LogPoller(string path)
    {
        _path = path;
        _thread = new Thread(Loop) { IsBackground = true };
        _thread.Start();
    }

    /// <summary>Line number → the first time it was whole in the file.</summary>
    public IReadOnlyDictionary<int, DateTimeOffset> Seen
    {
        get { lock (_seen) return new Dictionary<int, DateTimeOffset>(_seen); }
    }

    private void Loop()
    {
        while (!_stop && !File.Exists(_path)) Thread.Sleep(1);
        if (_stop) return;
        using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var pending = "";
        var buffer = new byte[64 * 1024];
        while (!_stop)
        {
            var read = stream.Read(buffer);
            if (read == 0)
            {
                Thread.Sleep(1);
                continue;
            }
            var now = DateTimeOffset.UtcNow;
            pending += System.Text.Encoding.UTF8.GetString(buffer, 0, read);
            var whole = pending.LastIndexOf('\n') + 1;
            lock (_seen)
                foreach (var (index, _) in StampedLog.Parse(pending[..whole]))
                    _seen.TryAdd(index, now);
            pending = pending[whole..];
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
