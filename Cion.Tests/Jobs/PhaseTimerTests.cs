using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class PhaseTimerTests
{
    [Test]
    public void Phases_AddedFromSeveralThreadsAtOnce_AreAllKept()
    {
        // A job's checkout is measured while it is placed on a Swarm node.
        var timer = new PhaseTimer(TimeProvider.System);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            for (var i = 0; i < 500; i++) timer.Add($"phase{t}", TimeSpan.FromMilliseconds(i));
        });

        Assert.That(timer.Phases, Has.Count.EqualTo(8 * 500));
        Assert.That(timer.Phases.GroupBy(p => p.Phase).Select(g => g.Sum(p => p.Milliseconds)), Has.All.EqualTo(Enumerable.Range(0, 500).Sum()));
    }

    [Test]
    public void Phases_AreACopy_ThatLaterPhasesDoNotChange()
    {
        var timer = new PhaseTimer(TimeProvider.System);
        timer.Add("checkout", TimeSpan.FromMilliseconds(7));
        var seen = timer.Phases;

        timer.Add("place", TimeSpan.FromMilliseconds(400));

        Assert.That(seen, Is.EqualTo(new[] { ("checkout", 7L) }));
        Assert.That(timer.Phases, Has.Count.EqualTo(2));
    }
}
