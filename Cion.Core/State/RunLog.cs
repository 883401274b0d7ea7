using System.Globalization;

namespace Cion.Core.State;

/// <summary>
/// A run's <c>cion.log</c>: what cion did and why, one timestamped line per fact, flushed at
/// once so <c>tail -f</c> shows it live. Safe to use from several threads: a job's checkout and its placing on a
/// Swarm node run side by side, and their lines must not meet.
/// </summary>
public sealed class RunLog(string path, TimeProvider clock) : IDisposable
{
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };

    /// <summary>Secrets of the job's repo, replaced by <c>***</c> in everything written from then on.</summary>
    public Secrets.SecretMask Mask { get; set; } = Secrets.SecretMask.None;

    public void Write(string message)
    {
        message = Mask.Apply(message);
        var time = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        lock (_writer)
            foreach (var line in message.Split('\n'))
                _writer.WriteLine($"{time} {line}");
    }

    public void Dispose()
    {
        lock (_writer) _writer.Dispose();
    }
}
