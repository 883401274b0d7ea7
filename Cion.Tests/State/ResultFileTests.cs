using Cion.Core.State;

namespace Cion.Tests.State;

public sealed class ResultFileTests
{
    [Test]
    public void Format_WritesKeyValueLines_WithSkippedForStepsThatDidNotRun()
    {
        var t0 = new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);
        var text = new ResultFile
        {
            Status = "failed", QueuedAt = t0, StartedAt = t0.AddSeconds(1), FinishedAt = t0.AddSeconds(3.5),
            BuildExit = 2, ReleaseSkippedBecause = "build failed", Phases = [("checkout", 12), ("build", 2000)],
        }.Format();

        Assert.That(text, Is.EqualTo("""
            status=failed
            queued_at=2026-11-24T20:00:00.000Z
            started_at=2026-11-24T20:00:01.000Z
            finished_at=2026-11-24T20:00:03.500Z
            duration_ms=2500
            build_exit=2
            release_exit=skipped
            release_skipped=build failed
            checkout_ms=12
            build_ms=2000

            """));
    }

    [Test]
    public void Format_WritesWhyTheJobCouldNotRun_OnOneLine()
    {
        var t0 = new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);
        var text = new ResultFile
        {
            Status = "error", QueuedAt = t0, StartedAt = t0, FinishedAt = t0,
            Error = ".cion.yml: build.docker: refused\n.cion.yml: services.x.privileged: refused\n",
        }.Format();

        Assert.That(text, Does.EndWith("release_exit=skipped\nerror=.cion.yml: build.docker: refused; .cion.yml: services.x.privileged: refused\n"));
    }

    [TestCase(false, null, null, "build_exit=0\nrelease_exit=0\n")]
    [TestCase(true, 0, null, "build_exit=0\ntest_exit=0\nrelease_exit=0\n")]
    [TestCase(true, 4, null, "build_exit=0\ntest_exit=4\nrelease_exit=0\n")]
    [TestCase(true, null, null, "build_exit=0\ntest_exit=skipped\nrelease_exit=0\n")]
    [TestCase(true, null, "test", "build_exit=0\ntest_exit=timeout\nrelease_exit=0\n")]
    public void Format_WritesTheTestsExit_OnlyForAJobWithATestStep(bool hasTestStep, int? testExit, string? timedOut, string expected)
    {
        var t0 = new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);
        var text = new ResultFile
        {
            Status = "failed", QueuedAt = t0, StartedAt = t0, FinishedAt = t0,
            BuildExit = 0, HasTestStep = hasTestStep, TestExit = testExit, TimedOutStep = timedOut, ReleaseExit = 0,
        }.Format();

        Assert.That(text, Does.EndWith(expected));
    }
}
