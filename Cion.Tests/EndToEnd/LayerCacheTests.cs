using System.Text.RegularExpressions;
using Cion.Core.Containers;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>Issue 14's per-repository layer cache: the engine's data root kept between one repository's jobs.</summary>
public sealed class LayerCacheTests : EndToEndTest
{
    /// <summary>A build that builds an image whose RUN step says when it runs (the step's text never shows what it prints).</summary>
    private const string CachedBuildOnly = """
        build:
          image: cion-test/docker
          cmd: |
            set -e
            mkdir -p /tmp/i && cp /bin/busybox /tmp/i/
            printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","sh","-c","echo ran-step-$((40+2))"]\n' > /tmp/i/Dockerfile
            docker build -t cached/app /tmp/i

        """;

    /// <summary>The same, and it leaves a container and a volume behind in its engine.</summary>
    internal const string CachedBuild = CachedBuildOnly + """
            echo containers=$(docker ps -aq | wc -l) volumes=$(docker volume ls -q | wc -l)
            docker create --name left-by-build cached/app /bin/busybox true
            docker volume create left-by-build
        """;

    [Test]
    public void SecondBuild_TakesLayersFromTheRepositorysCache_AndStartsWithNoContainersOrVolumes()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = CommitAndPush(repo, CachedBuild);
        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));
        var second = CommitAndPush(repo, CachedBuild, message: "second push");

        Assert.That(Site.WaitForFinalStatus(repo.Name, second), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, second, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, first, "build.log"), Does.Contain("ran-step-42").And.Contain("containers=0 volumes=0"));
        var log = Site.ReadFile(repo.Name, second, "build.log");
        Assert.That(log, Does.Not.Contain("ran-step-42"), "the second build takes the RUN step's layer from the cache");
        Assert.That(log, Does.Contain("containers=0 volumes=0"), "what the first job left inside the engine is gone");
        Assert.That(Site.ReadFile(repo.Name, second, "cion.log"), Does.Contain("service docker: data root on layer cache cion-cache-rootless-team-app-")
            .And.Contain("service docker: removed 1 containers and 1 volumes an earlier job left in the layer cache"));
        var volume = DockerLeftovers.CacheVolumes();
        Assert.That(volume, Has.Count.EqualTo(1), "one job at a time: one volume");
        Assert.That(File.Exists(Path.Combine(Site.State, CacheUseRecord.Folder, volume[0])), Is.True, "when it was last given back is recorded");
    }

    [Test]
    public void AnotherRepository_BuildingTheSameDockerfile_RunsItsOwnSteps_AndSeesNoneOfTheFirstsImages()
    {
        Site.StartDaemon();
        var first = Site.CreateRepo("team/app");
        var built = CommitAndPush(first, CachedBuild);
        Assert.That(Site.WaitForFinalStatus(first.Name, built), Is.EqualTo("succeeded"), Site.TryReadFile(first.Name, built, "cion.log"));
        var other = Site.CreateRepo("team/other");

        // What its engine holds before it builds, then the same Dockerfile.
        var sha = CommitAndPush(other, CachedBuildOnly.Replace("set -e\n", "set -e\n    echo images-before: $(docker image ls --format '{{.Repository}}' | tr '\\n' ' ')\n"));

        Assert.That(Site.WaitForFinalStatus(other.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(other.Name, sha, "cion.log"));
        var log = Site.ReadFile(other.Name, sha, "build.log");
        var before = log.Split('\n').Single(line => line.StartsWith("images-before:", StringComparison.Ordinal));
        Assert.That(before, Does.Not.Contain("cached/app"), "the first repository's image is not in this one's engine");
        Assert.That(log, Does.Contain("ran-step-42"), "no layer of the first repository's is reused: its RUN step runs");
        Assert.That(CacheVolumeIn(Site.ReadFile(other.Name, sha, "cion.log")), Is.Not.EqualTo(CacheVolumeIn(Site.ReadFile(first.Name, built, "cion.log"))));
    }

    [Test]
    public void Preload_GoesIntoTheCacheOnce()
    {
        UseSite(dind: $"preload: [{TestImages.Busybox}]");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        const string Build = "build: {image: cion-test/docker, cmd: 'docker image inspect cion-test/busybox >/dev/null'}\n";
        var first = CommitAndPush(repo, Build);
        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));

        var second = CommitAndPush(repo, Build, message: "second push");

        Assert.That(Site.WaitForFinalStatus(repo.Name, second), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, second, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, first, "cion.log"), Does.Contain($"service docker: preloaded {TestImages.Busybox}"));
        Assert.That(Site.ReadFile(repo.Name, second, "cion.log"), Does.Contain($"service docker: {TestImages.Busybox} already in the layer cache")
            .And.Not.Contain("preloaded"));
    }

    [Test]
    public void Build_StartsOnAnEmptyEngine_WhenItsConfigSaysCacheFalse()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "cache: false\n" + CachedBuild);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Not.Contain("layer cache"));
        Assert.That(DockerLeftovers.CacheVolumes(), Is.Empty);
    }

    [Test]
    public void CacheVolume_CarriesTheRepoAndKind_ButNoJobLabel()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/docker, cmd: 'docker info >/dev/null'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        var volume = DockerLeftovers.CacheVolumes().Single();
        var labels = Shell.Run("docker", "volume", "inspect", "--format", "{{json .Labels}}", volume).Stdout;
        Assert.That(labels, Does.Contain($"\"{Labels.CacheRepo}\":\"team/app\"").And.Contain($"\"{Labels.CacheKind}\":\"rootless\"")
            .And.Not.Contain(Labels.Job));
    }

    [Test]
    public void ConcurrentJobsOfOneRepository_GetDifferentCacheVolumes()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        // Pushed back to back with room for two jobs, the builds overlap: each holds its engine for seconds.
        const string Build = "build: {image: cion-test/docker, cmd: 'docker info >/dev/null && sleep 4'}\n";
        var main = CommitAndPush(repo, Build, "main");
        var feature = CommitAndPush(repo, Build, "feature", "feature");

        Assert.That(Site.WaitForFinalStatus(repo.Name, main), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, main, "cion.log"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, feature), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, feature, "cion.log"));
        var volumes = new[] { main, feature }.Select(sha => CacheVolumeIn(Site.ReadFile(repo.Name, sha, "cion.log"))).ToList();
        Assert.That(volumes, Is.Unique);
        Assert.That(DockerLeftovers.CacheVolumes(), Is.EquivalentTo(volumes));
    }

    [Test]
    public void MaxSize_RemovesTheRepositorysCache_WhenItHoldsMoreThanTheBound()
    {
        // The build's image alone (a busybox layer) is over 1 MiB.
        UseSite(dind: "cache: {max_size: 1M}");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, CachedBuild);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        var log = Site.ReadFile(repo.Name, sha, "cion.log");
        var volume = CacheVolumeIn(log);
        Assert.That(log, Does.Contain($"layer cache: removed {volume} (").And.Contain("over dind.cache.max_size 1 MiB"));
        Assert.That(DockerLeftovers.CacheVolumes(), Is.Empty);
        Assert.That(File.Exists(Path.Combine(Site.State, CacheUseRecord.Folder, volume)), Is.False, "a removed volume's last use is forgotten");
    }

    /// <summary>
    /// Issue 14's crash case: ciond killed -9 while a build on the layer cache holds its engine. The
    /// restarted daemon adopts the build and its engine (neither is created again), the job ends once,
    /// and the cache volume is given back: the repository's next job builds on the same layers.
    /// </summary>
    [Test]
    public void CachedJob_IsAdoptedAfterKill9_AndTheNextJobStillGetsItsCache()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        // The build waits, with the image built in its engine, for a marker the test drops once the daemon is back.
        var first = CommitAndPush(repo, CachedBuildOnly + """
                echo image-built
                while [ ! -e /tmp/go ]; do sleep 0.2; done
                docker image ls cached/app --format 'still-there {{.Repository}}'
            """);
        Wait.Until(() => Site.TryReadFile(repo.Name, first, "build.log")?.Contains("image-built") == true, "the image to be built", TimeSpan.FromMinutes(2));

        daemon.Kill();
        Site.StartDaemon();
        var jobId = Site.JobId(repo.Name, first);
        Wait.Until(() => Site.TryReadFile(repo.Name, first, "cion.log")?.Contains("build: adopted container") == true, "the build to be adopted");
        Shell.Check("docker", ["exec", Labels.ContainerName(jobId, "build"), "touch", "/tmp/go"]);

        Assert.That(Site.WaitForFinalStatus(repo.Name, first), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, first, "cion.log"));
        var firstLog = Site.ReadFile(repo.Name, first, "cion.log");
        Assert.That(Site.ReadFile(repo.Name, first, "build.log"), Does.Contain("ran-step-42").And.Contain("still-there cached/app"),
            "the build went on in the engine it started in");
        Assert.That(firstLog, Does.Contain("service docker: adopted"));
        var created = DockerEvents.ForJob(jobId, since).Where(e => e.StartsWith("create ")).ToList();
        Assert.That(created, Has.Count.EqualTo(2), "the build and its engine, each created once: nothing started again after the restart\n" + string.Join('\n', created));
        var volume = CacheVolumeIn(firstLog);
        Assert.That(firstLog, Does.Contain($"its layer cache {volume} kept"), "the adopted engine is removed as a cached one");

        var second = CommitAndPush(repo, CachedBuildOnly, message: "after the crash");
        Assert.That(Site.WaitForFinalStatus(repo.Name, second), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, second, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, second, "build.log"), Does.Not.Contain("ran-step-42"), "the RUN step's layer comes from the cache");
        Assert.That(CacheVolumeIn(Site.ReadFile(repo.Name, second, "cion.log")), Is.EqualTo(volume));
        Assert.That(DockerLeftovers.CacheVolumes(), Is.EqualTo(new[] { volume }), "nothing but the cache volume is left (the rest is checked in TearDown)");
    }

    private static string CacheVolumeIn(string cionLog) =>
        Regex.Match(cionLog, @"service docker: data root on layer cache (\S+)").Groups[1].Value is { Length: > 0 } name ? name
            : throw new AssertionException($"no layer cache in cion.log:\n{cionLog}");
}
