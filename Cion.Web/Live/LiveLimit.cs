namespace Cion.Web.Live;

/// <summary>
/// Caps the event streams open at once, so a flood of followers cannot grow cion-web without
/// bound: past the cap a new stream gets 503 and the browser tries again later.
/// </summary>
internal sealed class LiveLimit(int most)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>A slot, released when disposed; null when all are taken.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= most) return new Slot(this);
        Interlocked.Decrement(ref _open);
        return null;
    }

    private sealed class Slot(LiveLimit limit) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref limit._open);
        }
    }
}
