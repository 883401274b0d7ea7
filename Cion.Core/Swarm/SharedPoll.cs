namespace Cion.Core.Swarm;

/// <summary>
/// One poll that many waiters share: each asks for the next reading, and everyone who asks during the same
/// interval gets the same one. Fifty jobs watching the manager cost it one listing per interval, not fifty.
/// </summary>
/// <param name="read">The reading (a listing of the manager's): never given a waiter's token, so one waiter's
/// leaving does not cut it short for the others; it ends by <paramref name="readTimeout"/> instead.</param>
internal sealed class SharedPoll<T>(Func<CancellationToken, Task<T>> read, TimeSpan interval, TimeSpan readTimeout, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private Task<T>? _next;

    /// <summary>The reading taken at the end of the current interval (a new interval starts when none is running).</summary>
    /// <exception>Whatever the reading threw, to every waiter of that interval.</exception>
    public Task<T> NextAsync(CancellationToken ct)
    {
        Task<T> next;
        lock (_gate)
        {
            if (_next is null || _next.IsCompleted) _next = ReadAfterIntervalAsync();
            next = _next;
        }
        return next.WaitAsync(ct);
    }

    private async Task<T> ReadAfterIntervalAsync()
    {
        await Task.Delay(interval, clock);
        using var timeout = new CancellationTokenSource(readTimeout, clock);
        return await read(timeout.Token);
    }
}
