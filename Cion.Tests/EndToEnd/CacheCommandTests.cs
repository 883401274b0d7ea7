using System.Text.Json;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary><c>cion cache</c> and <c>cion cache clear</c> against the caches a real daemon's jobs left.</summary>
public sealed class CacheCommandTests : EndToEndTest
{
    [Test]
    public void Cache_ListsTheVolumeWithItsSizeAndLastUse_AndClearRemovesIt()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        foreach (var message in new[] { "first", "second" })
        {
            var sha = CommitAndPush(repo, LayerCacheTests.CachedBuild, message: message);
            Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        }
        var volume = DockerLeftovers.CacheVolumes().Single();

        var cache = CionCli.Json(Site, "cache", "--json").EnumerateArray().Single();
        Assert.That(cache.GetProperty("volume").GetString(), Is.EqualTo(volume));
        Assert.That(cache.GetProperty("repo").GetString(), Is.EqualTo("team/app"));
        Assert.That(cache.GetProperty("kind").GetString(), Is.EqualTo("rootless"));
        Assert.That(cache.GetProperty("size").GetInt64(), Is.GreaterThan(0));
        Assert.That(cache.GetProperty("last_used").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(cache.GetProperty("in_use").GetBoolean(), Is.False);
        var table = CionCli.Run(Site, "cache", "team/app");
        Assert.That(table.ExitCode, Is.Zero, table.Output);
        Assert.That(table.Stdout, Does.Contain(volume).And.Contain("team/app").And.Contain(" ago "));

        var clear = CionCli.Run(Site, "cache", "clear", "team/app");

        Assert.That(clear.ExitCode, Is.Zero, clear.Output);
        Assert.That(clear.Stdout, Is.EqualTo($"removed {volume}\n"));
        Assert.That(DockerLeftovers.CacheVolumes(), Is.Empty);
        Assert.That(CionCli.Run(Site, "cache").Stdout, Is.EqualTo("no layer caches\n"));
    }

    [Test]
    public void CacheClear_SkipsTheVolumeAJobHolds_AndWithWaitRemovesItOnceTheJobEnds()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/docker, cmd: 'docker info >/dev/null && sleep 600'}\n");
        var volume = Wait.Until(HeldVolume, "the job's engine to hold its cache");
        var job = Site.JobId(repo.Name, sha);

        var skipped = CionCli.Run(Site, "cache", "clear", "team/app");

        Assert.That(skipped.ExitCode, Is.EqualTo(1), skipped.Output);
        Assert.That(skipped.Stdout, Does.StartWith($"skipped {volume}: in use by job {job} ("));
        Assert.That(DockerLeftovers.CacheVolumes(), Is.EqualTo(new[] { volume }));

        using var waiting = BackgroundProcess.Start(Binaries.Cion, "cache", "clear", "team/app", "--wait", "600", "--config", Site.ConfigPath);
        var cancel = CionCli.Run(Site, "cancel", "team/app@main");
        Assert.That(cancel.ExitCode, Is.Zero, cancel.Output);

        Assert.That(waiting.WaitForExit(), Is.Zero, waiting.Output);
        Assert.That(waiting.Output, Does.Contain($"removed {volume}"));
        Assert.That(DockerLeftovers.CacheVolumes(), Is.Empty);
    }

    [Test]
    public void Cache_WithTheSwarmRunner_SaysOnStderrThatEachNodesCachesAreOnThatNode_AndKeepsStdoutAsItWas()
    {
        UseSite(extra: "runner: swarm\n");

        var list = CionCli.Run(Site, "cache");
        var json = CionCli.Run(Site, "cache", "--json");
        var clear = CionCli.Run(Site, "cache", "clear", "team/app");

        Assert.That(list.ExitCode, Is.Zero, list.Output);
        Assert.That(list.Stdout, Is.EqualTo("no layer caches\n"));
        Assert.That(list.Stderr, Does.StartWith("cion: runner: swarm: these are the caches on the engine at ")
            .And.Contain("each node's are on that node (docker volume ls --filter label=cion.cache.repo)"));
        Assert.That(JsonDocument.Parse(json.Stdout).RootElement.GetArrayLength(), Is.Zero, json.Output);
        Assert.That(json.Stderr, Does.Contain("each node's are on that node"));
        Assert.That(clear.Stderr, Does.Contain("each node's are on that node"), clear.Output);
    }

    [Test]
    public void Cache_WithTheLocalRunner_WritesNothingOnStderr()
    {
        var list = CionCli.Run(Site, "cache");

        Assert.That(list.ExitCode, Is.Zero, list.Output);
        Assert.That(list.Stderr, Is.Empty);
    }

    [Test]
    public void Cache_NeverOpensLibgit2_ThoughItReachesTheEngine()
    {
        using var dir = TempDir.ForCaller();
        var trace = dir.Combine("cache.trace");

        var run = Shell.Run("strace", ["-f", "-e", "trace=openat,connect", "-o", trace, Binaries.Cion, "cache", "--config", Site.ConfigPath]);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Is.EqualTo("no layer caches\n"));
        Assert.That(File.ReadAllText(trace), Does.Contain("docker.sock").And.Not.Contain("libgit2"));
    }

    [Test]
    public void Cache_ExitsFailed_NamingTheEngine_WhenItCannotBeReached()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"cion-no-engine-{Guid.NewGuid():N}.sock");
        UseSite(extra: $"docker: unix://{socket}\n");

        var run = CionCli.Run(Site, "cache");

        Assert.That(run.ExitCode, Is.EqualTo(3), run.Output);
        Assert.That(run.Stderr, Does.StartWith($"cion: cannot ask the Docker engine at unix://{socket}: "));
    }

    private string? HeldVolume() => CionCli.Json(Site, "cache", "--json").EnumerateArray()
        .Where(v => v.GetProperty("in_use").GetBoolean()).Select(v => v.GetProperty("volume").GetString()).FirstOrDefault();
}
