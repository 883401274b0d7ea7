using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

/// <summary>The shared watch on the manager: many waiters, one reading per interval.</summary>
public sealed class SharedPollTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private int _reads;

    [SetUp]
    public void CountFromZero() => _reads = 0;

    private SharedPoll<int> Poll(Func<int, Task<int>>? read = null) => new(async ct =>
    {
        var n = Interlocked.Increment(ref _reads);
        return read is null ? n : await read(n);
    }, Interval, TimeSpan.FromSeconds(10), TimeProvider.System);

    [Test]
    public async Task WaitersOfOneInterval_ShareOneReading()
    {
        var poll = Poll();

        var readings = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => poll.NextAsync(CancellationToken.None)));

        Assert.That(readings, Is.All.EqualTo(1));
        Assert.That(_reads, Is.EqualTo(1));
    }

    [Test]
    public async Task AWaiterAfterAReading_GetsTheNextOne()
    {
        var poll = Poll();

        var first = await poll.NextAsync(CancellationToken.None);
        var second = await poll.NextAsync(CancellationToken.None);

        Assert.That((first, second), Is.EqualTo((1, 2)));
    }

    [Test]
    public async Task AFailedReading_FailsItsWaiters_AndTheNextIntervalReadsAgain()
    {
        var poll = Poll(n => n == 1 ? throw new IOException("the manager does not answer") : Task.FromResult(n));

        var failed = Enumerable.Range(0, 3).Select(_ => poll.NextAsync(CancellationToken.None)).ToList();
        foreach (var waiter in failed) Assert.ThrowsAsync<IOException>(() => waiter);

        Assert.That(await poll.NextAsync(CancellationToken.None), Is.EqualTo(2));
    }

    [Test]
    public async Task AWaiterThatLeaves_DoesNotCutTheReadingShortForTheOthers()
    {
        var poll = Poll();
        using var leaving = new CancellationTokenSource();

        var left = poll.NextAsync(leaving.Token);
        var staying = poll.NextAsync(CancellationToken.None);
        await leaving.CancelAsync();

        Assert.ThrowsAsync<TaskCanceledException>(() => left);
        Assert.That(await staying, Is.EqualTo(1));
    }
}
