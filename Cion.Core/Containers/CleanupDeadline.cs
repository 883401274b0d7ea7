namespace Cion.Core.Containers;

/// <summary>
/// How long cleanup waits for the engine. Each removal gets a token source of its own, never the
/// job's token (a cancelled or stopping job must still lose its containers), cancelled after
/// <see cref="Each"/>. Once the daemon is stopping every cleanup, running or new, also ends by one
/// shared deadline, so a hung engine cannot hold ciond's stop past systemd's TimeoutStopSec (30 s):
/// the same shape as Woodpecker's runtime, which destroys a workflow under a shutdown context of its
/// own (pipeline/runtime/shutdown.go). What a cleanup could not remove keeps its labels, and the next
/// start's sweep removes it. Thread-safe.
/// </summary>
public sealed class CleanupDeadline(TimeSpan each, TimeSpan afterStop)
{
    /// <summary>Removing an engine's storage with a few GB of inner images takes seconds; this leaves room and still ends.</summary>
    public static readonly TimeSpan DefaultEach = TimeSpan.FromSeconds(30);
    /// <summary>Well inside systemd's TimeoutStopSec=30 (systemd/ciond.service), with room for the jobs' final writes.</summary>
    public static readonly TimeSpan DefaultAfterStop = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private int _stopping;

    public CleanupDeadline() : this(DefaultEach, DefaultAfterStop) { }

    public TimeSpan Each => each;

    /// <summary>A deadline for one cleanup; dispose it when the cleanup ends.</summary>
    /// <param name="alsoEndOn">A token that may end the cleanup earlier (the daemon's stop during the start's sweep).</param>
    public CancellationTokenSource Start(CancellationToken alsoEndOn = default)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, alsoEndOn);
        deadline.CancelAfter(each);
        return deadline;
    }

    /// <summary>The daemon is stopping: every cleanup ends within <c>afterStop</c> from now. Only the first call counts.</summary>
    public void DaemonStopping()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0) _stop.CancelAfter(afterStop);
    }

    /// <summary>Why a cleanup whose deadline passed left things behind, for cion.log and the daemon's log.</summary>
    public string Why() => Volatile.Read(ref _stopping) == 1
        ? $"ciond is stopping and the Docker engine did not answer within {Seconds(afterStop)}"
        : $"the Docker engine did not answer within {Seconds(each)}";

    private static string Seconds(TimeSpan time) => time.TotalSeconds >= 1 ? $"{time.TotalSeconds:0.#} s" : $"{time.TotalMilliseconds:0} ms";
}
