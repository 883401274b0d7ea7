namespace Cion.Core.Scheduling;

/// <summary>
/// Asks the scheduler for one more rescan of the spool. Wake-ups coalesce: a burst of 200 pushes
/// sets the signal 200 times but leaves at most one rescan pending, because one rescan sees every
/// file that is there. None is lost either: the pending mark is cleared before the rescan begins,
/// so a <see cref="Set"/> that lands during a rescan leaves exactly one more behind it.
/// </summary>
/// <remarks>Thread-safe: <see cref="Set"/> is called from watcher and job threads; <see cref="WaitAsync"/> by one loop.</remarks>
public sealed class WakeSignal
{
    // Released only when _pending goes from 0 to 1, and _pending goes back to 0 only after the
    // release was taken: the count never passes one, which the maximum of 1 asserts.
    private readonly SemaphoreSlim _wake = new(0, 1);
    private int _pending;

    /// <summary>Marks a rescan as wanted; a no-op while one is already pending.</summary>
    public void Set()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0) _wake.Release();
    }

    /// <summary>Waits for a pending wake-up and takes it, or for the timeout.</summary>
    /// <returns>True when woken; false when the timeout passed first.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (!await _wake.WaitAsync(timeout, ct)) return false;
        // Cleared before the caller rescans: a Set() from here on is not covered by that rescan, so it must release again.
        Volatile.Write(ref _pending, 0);
        return true;
    }
}
