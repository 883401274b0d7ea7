using Cion.Core.Metrics;

namespace Cion.Tests.Metrics;

public sealed class PhaseMetricTests
{
    [TestCase("queue_wait", PhaseKind.QueueWait, "")]
    [TestCase("build_engine_ready", PhaseKind.EngineReady, "build")]
    [TestCase("release_engine_ready", PhaseKind.EngineReady, "release")]
    [TestCase("test_engine_ready", PhaseKind.EngineReady, "test")]
    [TestCase("build", PhaseKind.Step, "build")]
    [TestCase("release", PhaseKind.Step, "release")]
    [TestCase("release_wait", PhaseKind.Step, "release_wait")]
    [TestCase("checkout", PhaseKind.Step, "checkout")]
    [TestCase("config", PhaseKind.Step, "config")]
    [TestCase("cleanup", PhaseKind.Step, "cleanup")]
    [TestCase("_engine_ready", PhaseKind.Step, "_engine_ready")]
    public void For_SortsAPhase_IntoItsHistogram(string phase, PhaseKind kind, string step) =>
        Assert.That(PhaseMetric.For(phase), Is.EqualTo(new PhaseMetric(kind, step)));
}
