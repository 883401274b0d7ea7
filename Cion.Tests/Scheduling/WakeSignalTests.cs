using Cion.Core.Scheduling;

namespace Cion.Tests.Scheduling;

public sealed class WakeSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task WaitAsync_TimesOut_WhenNothingWasSet() =>
        Assert.That(await new WakeSignal().WaitAsync(TimeSpan.Zero, CancellationToken.None), Is.False);

    [Test]
    public async Task Set_WakesOnce_WhenCalledManyTimes()
    {
        var signal = new WakeSignal();
        for (var i = 0; i < 200; i++) signal.Set();

        await AssertWakesExactlyOnce(signal);
    }

    [Test]
    public async Task Set_WakesOnce_WhenCalledFromManyThreadsAtOnce()
    {
        var signal = new WakeSignal();
        Parallel.For(0, 10_000, _ => signal.Set());

        await AssertWakesExactlyOnce(signal);
    }

    [Test]
    public async Task Set_CausesExactlyOneMoreWakeUp_WhenCalledDuringARescan()
    {
        var signal = new WakeSignal();
        signal.Set();
        Assert.That(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), Is.True);

        // The loop is rescanning now; files landing meanwhile may have been missed by it.
        for (var i = 0; i < 5; i++) signal.Set();

        await AssertWakesExactlyOnce(signal);
    }

    [Test]
    public async Task WaitAsync_Wakes_WhenSetWhileWaiting()
    {
        var signal = new WakeSignal();
        var waiting = signal.WaitAsync(Patience, CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);

        signal.Set();

        Assert.That(await waiting, Is.True);
    }

    [Test]
    public async Task WaitAsync_NeverLosesAWakeUp_WhenSetRacesTheLoop()
    {
        // A loop that rescans when woken, against a writer that bumps a counter then sets the
        // signal: whatever the interleaving, the last rescan sees the last bump.
        var signal = new WakeSignal();
        var written = 0;
        var seen = 0;
        const int Bumps = 20_000;
        using var done = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            while (Volatile.Read(ref seen) < Bumps)
            {
                await signal.WaitAsync(Timeout.InfiniteTimeSpan, done.Token); // a lost wake-up hangs here
                Volatile.Write(ref seen, Volatile.Read(ref written));
            }
        });
        for (var i = 0; i < Bumps; i++)
        {
            Interlocked.Increment(ref written);
            signal.Set();
        }

        var finished = await Task.WhenAny(loop, Task.Delay(Patience)) == loop;
        await done.CancelAsync();

        Assert.That(finished, Is.True, "the loop saw every bump");
        Assert.That(seen, Is.EqualTo(Bumps));
    }

    [Test]
    public void WaitAsync_Throws_WhenCancelled()
    {
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        Assert.CatchAsync<OperationCanceledException>(() => new WakeSignal().WaitAsync(Patience, stopping.Token));
    }

    /// <summary>One wake-up is pending, and only one: the next wait takes it, the one after times out.</summary>
    private static async Task AssertWakesExactlyOnce(WakeSignal signal)
    {
        Assert.That(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), Is.True, "a wake-up is pending");
        Assert.That(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None), Is.False, "and no second one");
    }
}
