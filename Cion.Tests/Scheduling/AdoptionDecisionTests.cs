using Cion.Core.Jobs;
using Cion.Core.Scheduling;

namespace Cion.Tests.Scheduling;

public sealed class AdoptionDecisionTests
{
    [TestCase(JobState.Succeeded, ClaimedJobAction.CompleteClaim)]
    [TestCase(JobState.Failed, ClaimedJobAction.CompleteClaim)]
    [TestCase(JobState.Error, ClaimedJobAction.CompleteClaim)]
    [TestCase(JobState.Cancelled, ClaimedJobAction.CompleteClaim)]
    [TestCase(JobState.Queued, ClaimedJobAction.Adopt)]
    [TestCase(JobState.Running, ClaimedJobAction.Adopt)]
    [TestCase(null, ClaimedJobAction.Adopt)]
    public void For_CompletesOnlyFinishedRuns(JobState? status, ClaimedJobAction action) =>
        Assert.That(AdoptionDecision.For(status), Is.EqualTo(action));

    [Test]
    public void For_CoversEveryState() =>
        Assert.That(Enum.GetValues<JobState>().Select(s => AdoptionDecision.For(s) == ClaimedJobAction.CompleteClaim),
            Is.EqualTo(Enum.GetValues<JobState>().Select(s => s.IsFinal())));
}
