using System.Text.RegularExpressions;
using Cion.Core.Containers;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>Issue 14's warm engines: a repository's next engine started while no one waits, on its layer cache.</summary>
public sealed class WarmEngineTests : EndToEndTest
{
    protected override string DindConfig => RootlessProfile + "\nwarm: {max: 2, idle: 10m}";

    /// <summary>Holds the build after its docker build until the test lets it go, so the daemon can be killed mid-job.</summary>
    private const string HeldBuild = LayerCacheTests.CachedBuild + "\n" + """
            echo holding
            while [ ! -e "$BUILD_DIR/go" ]; do sleep 0.2; done
        """;

    /// <summary>Gracefully, as systemd would: a killed daemon would leave its waiting engine to the next start's sweep.</summary>
    [TearDown]
    public void StopTheDaemon() => Site.StopDaemonsGracefully();

    [Test]
    public void NextJob_TakesTheWarmEngine_WithTheRepositorysLayers_AndTheStopRemovesTheOneWaiting()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = CommitAndPush(repo, LayerCacheTests.CachedBuild);
        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));
        var warm = WaitForWarmEngine(daemon);

        var second = CommitAndPush(repo, LayerCacheTests.CachedBuild, message: "second push");

        Assert.That(Site.WaitForFinalStatus(repo.Name, second), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, second, "cion.log"));
        var log = Site.ReadFile(repo.Name, second, "cion.log");
        Assert.That(log, Does.Contain($"service docker: took the warm engine {warm}"));
        Assert.That(log, Does.Not.Contain("service docker: started"), "no engine of its own");
        var build = Site.ReadFile(repo.Name, second, "build.log");
        Assert.That(build, Does.Not.Contain("ran-step-42"), "the warm engine's data root is the repository's layer cache");
        Assert.That(build, Does.Contain("containers=0 volumes=0"), "what the first job left inside the engine was emptied before it waited");
        Assert.That(Site.ReadFile(repo.Name, second, "result"), Does.Match(@"build_engine_ready_ms=\d+"));
        Assert.That(log, Does.Contain("service docker: the warm engine is removed once the job has ended"));
        var taken = Labels.ContainerName(Site.JobId(repo.Name, second), "build-docker");
        Wait.Until(() => Shell.Run("docker", "inspect", taken).ExitCode != 0, "the taken engine removed after its job");
        // After the second job another one waits; a stop removes it, and only the cache volume stays.
        WaitForWarmEngine(daemon, after: warm);
        Assert.That(daemon.Stop(), Is.Zero, daemon.Output);
        Assert.That(DockerLeftovers.Warm(), Is.Empty, daemon.Output);
        Assert.That(DockerLeftovers.Warm("network", "ls"), Is.Empty);
        Assert.That(DockerLeftovers.CacheVolumes(), Has.Count.EqualTo(1));
    }

    [Test]
    public void WarmEngine_IsRemoved_WhenNoJobComesWithinItsIdleTime()
    {
        UseSite($"{RootlessProfile}\nwarm: {{max: 1, idle: 2s}}");
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/docker, cmd: 'docker info >/dev/null'}\n");
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        var warm = WaitForWarmEngine(daemon);

        Wait.Until(() => daemon.Output.Contains($"warm engine {warm} removed: no job came within"), "the idle warm engine removed");

        Assert.That(DockerLeftovers.Warm(), Is.Empty);
        Assert.That(DockerLeftovers.Warm("network", "ls"), Is.Empty);
        Assert.That(DockerLeftovers.CacheVolumes(), Has.Count.EqualTo(1), "its volume stays");
    }

    [Test]
    public void JobsWithCacheFalse_NeverTakeAWarmEngine()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = CommitAndPush(repo, "build: {image: cion-test/docker, cmd: 'docker info >/dev/null'}\n");
        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));
        WaitForWarmEngine(daemon);

        var clean = CommitAndPush(repo, "cache: false\nbuild: {image: cion-test/docker, cmd: 'docker info >/dev/null'}\n", message: "clean");

        Assert.That(Site.WaitForFinalStatus(repo.Name, clean), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, clean, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, clean, "cion.log"), Does.Not.Contain("warm engine").And.Not.Contain("layer cache"));
        Assert.That(DockerLeftovers.Warm(), Has.Count.EqualTo(1), "the warm engine still waits for a job that wants the cache");
    }

    [Test]
    public void KilledDaemon_WhileAnEngineWaits_LeavesItToTheSweep_AndTheNextStartWarmsTheRepositoryAgain()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = CommitAndPush(repo, LayerCacheTests.CachedBuild);
        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));
        var before = WaitForWarmEngine(daemon);

        daemon.Kill();
        var restarted = Site.StartDaemon();
        var after = WaitForWarmEngine(restarted);

        Assert.That(after, Is.Not.EqualTo(before), "the new daemon starts its own");
        Assert.That(DockerLeftovers.Warm(), Has.Count.EqualTo(1), "the killed daemon's warm engine is swept");
        var second = CommitAndPush(repo, LayerCacheTests.CachedBuild, message: "after the crash");
        Assert.That(Site.WaitForFinalStatus(repo.Name, second), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, second, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, second, "cion.log"), Does.Contain($"took the warm engine {after}"));
        Assert.That(Site.ReadFile(repo.Name, second, "build.log"), Does.Not.Contain("ran-step-42"), "the cache survived the crash");
    }

    [Test]
    public void KilledDaemon_WhileAJobRunsOnATakenWarmEngine_AdoptsTheJob_WhichEndsOnce()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = CommitAndPush(repo, LayerCacheTests.CachedBuild);
        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));
        var warm = WaitForWarmEngine(daemon);
        var held = CommitAndPush(repo, HeldBuild, message: "held");
        Wait.Until(() => Site.TryReadFile(repo.Name, held, "build.log")?.Contains("holding") == true || Site.RunHasFile(repo.Name, held, "result"),
            "the held build under way");
        Assert.That(Site.RunHasFile(repo.Name, held, "result"), Is.False, Site.TryReadFile(repo.Name, held, "cion.log"));

        daemon.Kill();
        Site.StartDaemon();
        File.WriteAllText(Path.Combine(Site.State, "work", Site.JobId(repo.Name, held), "src", "go"), "");

        Assert.That(Site.WaitForFinalStatus(repo.Name, held), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, held, "cion.log"));
        var log = Site.ReadFile(repo.Name, held, "cion.log");
        Assert.That(log, Does.Contain($"took the warm engine {warm}"));
        Assert.That(log, Does.Contain("service docker: adopted"), "the taken engine is the job's after the restart");
        Assert.That(Regex.Matches(Site.ReadFile(repo.Name, held, "build.log"), "holding"), Has.Count.EqualTo(1), "the build ran once");
    }

    /// <summary>The name of the next warm engine the daemon says is ready (after <paramref name="after"/>, when given).</summary>
    private static string WaitForWarmEngine(DaemonProcess daemon, string? after = null) => Wait.Until(() =>
    {
        var ready = Regex.Matches(daemon.Output, @"warm engine (cion-warm-\w+) for \S+ on layer cache \S+: ready").Select(m => m.Groups[1].Value).ToList();
        var index = after is null ? 0 : ready.IndexOf(after) + 1;
        return index < ready.Count ? ready[index] : null;
    }, "a warm engine ready", TimeSpan.FromSeconds(90));
}
