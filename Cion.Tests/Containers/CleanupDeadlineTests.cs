using System.Diagnostics;
using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cion.Tests.Containers;

/// <summary>Cleanup against an engine that accepts and never answers (<see cref="SilentEngine"/>): every removal ends by its deadline and says what it left.</summary>
public sealed class CleanupDeadlineTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);
    // Far below the 30 s a removal would otherwise wait, far above a loaded machine's scheduling noise.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private SilentEngine _engine = null!;
    private readonly List<DockerEngine> _runners = [];

    [SetUp]
    public void StartSilentEngine() => _engine = new SilentEngine();

    [TearDown]
    public void StopSilentEngine()
    {
        _runners.ForEach(r => r.Dispose());
        _runners.Clear();
        _engine.Dispose();
    }

    private DockerEngine Runner(CleanupDeadline deadlines)
    {
        var runner = DockerEngine.Connect(_engine.Endpoint, owner: "/tests/CleanupDeadlineTests", deadlines);
        _runners.Add(runner);
        return runner;
    }

    [Test]
    public async Task RemoveAsync_ReturnsByTheDeadlineAndReportsWhatItLeft_WhenTheEngineNeverAnswers()
    {
        var runner = Runner(new CleanupDeadline(Short, TimeSpan.FromSeconds(10)));
        var took = Stopwatch.StartNew();

        var report = await runner.RemoveAsync("cion-j-build-docker", [new NamedVolume("cion-j-build-docker", "/var/lib/docker")]);

        Assert.That(took.Elapsed, Is.GreaterThanOrEqualTo(Short - TimeSpan.FromMilliseconds(50)).And.LessThan(Bound));
        Assert.That(_engine.Connections, Is.GreaterThan(0), "the removal did ask the engine");
        Assert.That(report.Complete, Is.False);
        Assert.That(report.Left.Select(l => l.What), Is.EqualTo(new[] { "container cion-j-build-docker", "volume cion-j-build-docker" }));
        Assert.That(report.DescribeLeft(), Is.EqualTo(
            "could not remove container cion-j-build-docker, volume cion-j-build-docker (the Docker engine did not answer within 500 ms)"));
    }

    [Test]
    public async Task RemoveJobResourcesAsync_ReportsTheJobsLabelledThingsAsLeft_WhenTheEngineCannotEvenList()
    {
        var took = Stopwatch.StartNew();

        var report = await Runner(new CleanupDeadline(Short, TimeSpan.FromSeconds(10))).RemoveJobResourcesAsync("job-a");

        Assert.That(took.Elapsed, Is.LessThan(Bound));
        Assert.That(report.Removed, Is.Zero);
        Assert.That(report.DescribeLeft(), Does.Contain("the containers, networks and volumes labelled cion.job=job-a (the Docker engine did not answer"));
    }

    [Test]
    public async Task RemoveLeftoversAsync_EndsAtOnce_WhenTheDaemonStopsDuringTheSweep()
    {
        using var stopping = new CancellationTokenSource();
        var sweep = Runner(new CleanupDeadline(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10))).RemoveLeftoversAsync(() => new HashSet<string>(), stopping.Token);
        Wait.Until(() => _engine.Connections > 0, "the sweep to ask the engine");
        var took = Stopwatch.StartNew();

        await stopping.CancelAsync();
        var report = await sweep;

        Assert.That(took.Elapsed, Is.LessThan(Bound));
        Assert.That(report.Left.Single().What, Is.EqualTo("the containers, networks and volumes labelled cion.job"));
    }

    [Test]
    public async Task DaemonStopping_EndsEveryCleanupInFlightByTheSharedStopDeadline_HoweverLongItsOwn()
    {
        var deadlines = new CleanupDeadline(TimeSpan.FromMinutes(5), Short);
        var runner = Runner(deadlines);
        var cleanups = new[] { runner.RemoveJobResourcesAsync("job-a"), runner.RemoveAsync("cion-job-b-build") };
        Wait.Until(() => _engine.Connections >= 2, "both cleanups to ask the engine");
        var took = Stopwatch.StartNew();

        deadlines.DaemonStopping();
        var reports = await Task.WhenAll(cleanups);

        Assert.That(took.Elapsed, Is.LessThan(Bound), "systemd's TimeoutStopSec=30 must not be reached by a hung engine");
        Assert.That(reports.Select(r => r.DescribeLeft()), Has.All.Contain("ciond is stopping and the Docker engine did not answer within 500 ms"));
    }

    [Test]
    public async Task StopAsync_SaysInTheJobsLogWhatItLeft_WhenTheEngineNeverAnswers()
    {
        var runner = Runner(new CleanupDeadline(Short, TimeSpan.FromSeconds(10)));
        var services = new ServiceRunner(runner, new PrivilegeFallback(EngineProfile.Auto, NullLogger<PrivilegeFallback>.Instance), TimeProvider.System);
        var engine = ContainerSpecBuilder.ForEngine(Spool.JobFileTests.SampleJob(), "build", new EngineSettings("my/dind", [], Short, []), EngineKind.Root);
        var lines = new List<string>();
        var took = Stopwatch.StartNew();

        await services.StopAsync(new RunningService(engine, engine.Container, "0123456789ab"), lines.Add);

        Assert.That(took.Elapsed, Is.LessThan(Bound), "one deadline bounds the look and the removal together");
        Assert.That(lines.Single(), Is.EqualTo($"service docker: could not remove container {engine.Container.Name}, volume {engine.Container.Name} " +
            "(the Docker engine did not answer within 500 ms); the job's cleanup tries again"));
    }
}
