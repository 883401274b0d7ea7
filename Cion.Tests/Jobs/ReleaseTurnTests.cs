using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class ReleaseTurnTests
{
    [TestCase(null, false, "B", null, ReleaseTurnKind.Go, "the environment is free")]
    [TestCase("A", false, "B", null, ReleaseTurnKind.Wait, "job A's release")]
    [TestCase("A", true, "B", null, ReleaseTurnKind.Go, "job A has finished")]
    [TestCase("B", false, "B", null, ReleaseTurnKind.Go, "this job's release already holds the environment (resumed after a restart)")]
    [TestCase("B", false, "B", "A", ReleaseTurnKind.Go, "this job's release already holds the environment (resumed after a restart)")]
    [TestCase(null, false, "B", "A", ReleaseTurnKind.Wait, "job A, which was waiting first")]
    [TestCase("X", true, "B", "A", ReleaseTurnKind.Wait, "job A, which was waiting first")]
    [TestCase(null, false, "A", "B", ReleaseTurnKind.Go, "the environment is free")]
    [TestCase("A", false, "C", "B", ReleaseTurnKind.Wait, "job A's release")]
    public void Decide_GivesTheTurnFromTheFileAndTheQueue(string? holder, bool holderFinished, string me, string? olderWaiter, ReleaseTurnKind kind, string why) =>
        Assert.That(ReleaseTurn.Decide(holder, holderFinished, me, olderWaiter), Is.EqualTo(new ReleaseTurnDecision(kind, why)));
}
