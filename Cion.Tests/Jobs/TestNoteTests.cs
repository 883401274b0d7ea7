using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class TestNoteTests
{
    [TestCase(false, null, null, "")]
    [TestCase(true, 0, null, "test: passed\n")]
    [TestCase(true, 2, null, "test: failed (exit 2)\n")]
    [TestCase(true, null, null, "test: skipped\n")]
    [TestCase(true, null, "test", "test: timed out\n")]
    [TestCase(true, null, "build", "test: skipped\n")]
    public void Line_SaysHowTheTestWent_OnlyForAJobWithATestStep(bool hasTestStep, int? exit, string? timedOut, string expected) =>
        Assert.That(TestNote.Line(new JobOutcome { HasTestStep = hasTestStep, TestExit = exit, TimedOutStep = timedOut }), Is.EqualTo(expected));
}
