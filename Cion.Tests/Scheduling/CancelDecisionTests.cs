using Cion.Core.Scheduling;

namespace Cion.Tests.Scheduling;

public sealed class CancelDecisionTests
{
    [TestCase(true, false, CancelAction.StopRunning)]
    [TestCase(false, true, CancelAction.CancelQueued)]
    [TestCase(false, false, CancelAction.DropRequest)]
    [TestCase(true, true, CancelAction.StopRunning)]
    public void For_FollowsWhereTheJobIs(bool isRunning, bool isWaiting, CancelAction action) =>
        Assert.That(CancelDecision.For(isRunning, isWaiting), Is.EqualTo(action));
}
