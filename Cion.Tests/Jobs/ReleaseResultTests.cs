using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class ReleaseResultTests
{
    [TestCase(0, null, JobEvent.StepsSucceeded)]
    [TestCase(1, null, JobEvent.StepFailed)]
    [TestCase(137, null, JobEvent.StepFailed)]
    [TestCase(null, "superseded", JobEvent.StepsSucceeded)]
    public void Event_SaysHowTheJobGoesOn_FromHowTheReleaseCameOut(int? exit, string? skippedBecause, JobEvent expected) =>
        Assert.That(new ReleaseResult(exit, skippedBecause).Event, Is.EqualTo(expected));

    [Test]
    public void Superseded_IsSkippedWithTheLedgersWord_AndNoExit() =>
        Assert.That(ReleaseResult.Superseded, Is.EqualTo(new ReleaseResult(null, Core.State.DeploymentLedger.Superseded)));
}
