using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>The build's own Docker engine behind DOCKER_HOST, on the real engine of this machine.</summary>
public sealed class DockerInDockerTests : EndToEndTest
{
    /// <summary>A root engine for the site's repos (team/app): the tests of <c>dind.image</c> itself.</summary>
    private const string RootEngine = "profile: capabilities\ntrusted: [team/*]";

    /// <summary>Lines of a build script: a FROM scratch image built from the build container's own busybox, then run.</summary>
    private static string BuildAndRunInner(string tag) => $$"""
            set -e
            mkdir -p /tmp/i && cp /bin/busybox /tmp/i/
            printf 'FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT ["/bin/busybox","echo"]\n' > /tmp/i/Dockerfile
            docker build -q -t {{tag}} /tmp/i
            docker run --rm {{tag}} inner image says hi
        """;

    [Test]
    public void Build_BuildsAndRunsImagesOnItsOwnEngine_WhichTheHostNeverSees()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var tag = $"cion-e2e-inner-{Guid.NewGuid():N}";
        var sha = CommitAndPush(repo, $$"""
            build:
              image: cion-test/docker
              cmd: |
                echo host=$DOCKER_HOST
            {{BuildAndRunInner(tag)}}
                grep CapEff /proc/self/status
                ls /var/run/docker.sock || echo no-socket
                docker info 2>/dev/null | grep -qx ' *rootless' && echo engine says rootless
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        var log = Site.ReadFile(repo.Name, sha, "build.log");
        Assert.That(log, Does.Contain("host=tcp://docker:2375\n").And.Contain("inner image says hi\n"));
        Assert.That(log, Does.Contain("CapEff:\t00000000a80425fb\n"), "the build container has Docker's default capabilities");
        Assert.That(log, Does.Contain("no-socket"), "the build container has no Docker socket");
        Assert.That(Shell.Run("docker", "image", "inspect", tag).ExitCode, Is.Not.Zero, "the inner image never reaches the host's engine");
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Match(@"build_engine_ready_ms=\d+\n"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Match(@"service docker: ready after \d+\.\d+ s")
            .And.Contain($"from {TestImages.DindRootless} (rootless engine, in a "));
        Assert.That(log, Does.Contain("engine says rootless"), "the engine the build drives says it is rootless");
    }

    [Test]
    public void Build_PushesToARegistry_AndTheHostPullsTheImage()
    {
        // The registry listens on every host address (scripts/ensure-registry.sh). The build reaches
        // it through its network's gateway, the host's side of the job's bridge, and the job's engine
        // is told to accept registries on Docker's private ranges without TLS.
        UseSite(dind: "args: ['--insecure-registry=172.16.0.0/12', '--insecure-registry=192.168.0.0/16']");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var tag = Guid.NewGuid().ToString("N");
        var sha = CommitAndPush(repo, $$"""
            build:
              image: cion-test/docker
              cmd: |
                registry=$(ip route | awk '/^default/ {print $3}'):5000
            {{BuildAndRunInner($"$registry/cion-e2e/pushed:{tag}")}}
                docker push -q $registry/cion-e2e/pushed:{{tag}}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "build.log"));
        var pulled = $"127.0.0.1:5000/cion-e2e/pushed:{tag}";
        try
        {
            Assert.That(Shell.Run("docker", "pull", pulled).ExitCode, Is.Zero, "the host pulls what the build pushed");
            Assert.That(Shell.Run("docker", "run", "--rm", pulled, "pulled on the host").Stdout, Is.EqualTo("pulled on the host\n"));
        }
        finally
        {
            Shell.Run("docker", "rmi", pulled);
        }
    }

    [Test]
    public void Job_EndsInErrorWithTheEnginesOwnLog_WhenTheEngineCannotStart()
    {
        UseSite(dind: $"{RootEngine}\nimage: cion-test/dind-broken");
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/docker, cmd: 'echo SHOULD-NOT-RUN'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        var log = Site.ReadFile(repo.Name, sha, "cion.log");
        Assert.That(log, Does.Contain("service docker exited with code 1 before it was ready"));
        Assert.That(log, Does.Contain("simulated failure: cannot start the engine"), "cion.log holds the engine's own log");
        Assert.That(log, Does.Contain("the engine ran: dockerd --host=tcp://0.0.0.0:2375").And.Contain("to fix dind.image (cion-test/dind-broken)"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "build.log"), Is.False, "the build never started");
        Assert.That(daemon.HasExited, Is.False);
    }

    [TestCase("image", TestImages.Dind, "the image has no entrypoint")]
    [TestCase("image", TestImages.DindDockerdEntrypoint, "the image's entrypoint runs dockerd")]
    [TestCase("image", TestImages.DindScriptEntrypoint, "the image's entrypoint dockerd-entrypoint.sh runs")]
    [TestCase("rootless_image", TestImages.DindRootless, "the image's entrypoint dockerd-entrypoint.sh runs")]
    public void Engine_StartsWithTheOperatorsArgs_WhateverTheImagesEntrypoint(string key, string image, string shape)
    {
        UseSite(dind: (key == "image" ? $"{RootEngine}\n" : "") + $"{key}: {image}\nargs: ['--label=cion.e2e.args=reached']");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/docker, cmd: 'docker info --format \"labels={{json .Labels}}\"'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        var labels = Site.ReadFile(repo.Name, sha, "build.log");
        Assert.That(labels, Does.Contain("cion.e2e.args=reached"), "dind.args reached dockerd");
        if (image == TestImages.DindScriptEntrypoint)
            Assert.That(labels, Does.Contain("cion.test.entrypoint=script"), "the image's own entrypoint script ran dockerd");
        if (image == TestImages.DindRootless)
            Assert.That(labels, Does.Contain("cion.test.entrypoint=rootless"), "the image's entrypoint ran dockerd inside rootlesskit");
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("service docker: runs ").And.Contain(shape));
    }

    [Test]
    public void Job_EndsInErrorSayingWhatRanAndHowToFixDindImage_WhenTheImageHasNoDockerd()
    {
        UseSite(dind: $"{RootEngine}\nimage: {TestImages.Busybox}");
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/docker, cmd: 'echo SHOULD-NOT-RUN'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        var log = Site.ReadFile(repo.Name, sha, "cion.log");
        Assert.That(log, Does.Contain("error: service docker could not be started: ").And.Contain("dockerd"));
        Assert.That(log, Does.Contain("the engine ran: dockerd --host=tcp://0.0.0.0:2375").And.Contain($"to fix dind.image ({TestImages.Busybox})"));
        Assert.That(log, Does.Not.Contain("cion failed while running the job"), "the server's config, not a fault in cion");
        Assert.That(Site.RunHasFile(repo.Name, sha, "build.log"), Is.False, "the build never started");
        Assert.That(daemon.HasExited, Is.False);
    }

    [Test]
    public void Job_StartsNoEngine_WhenTheStepSaysDockerFalse()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'env'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Not.Contain("DOCKER_HOST"));
        var created = DockerEvents.ForJob(Site.JobId(repo.Name, sha), since).Where(e => e.StartsWith("create ")).ToList();
        Assert.That(created, Has.Count.EqualTo(1).And.All.EndsWith("-build"), "only the build container was created");
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Not.Contain("engine_ready"));
    }

    [Test]
    public void BuildEngine_IsRemovedBeforeTheReleaseStarts_AndTheReleaseGetsNoDockerHost()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/docker, cmd: 'docker info >/dev/null && echo engine answered'}
            release: {image: cion-test/busybox, cmd: 'echo release host=[$DOCKER_HOST]'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Does.Contain("release host=[]"));
        var events = DockerEvents.ForJob(Site.JobId(repo.Name, sha), since).ToList();
        var engineGone = events.FindIndex(e => e.StartsWith("destroy ") && e.EndsWith("-build-docker"));
        var releaseCreated = events.FindIndex(e => e.StartsWith("create ") && e.EndsWith("-release"));
        Assert.That(engineGone, Is.GreaterThanOrEqualTo(0), string.Join("\n", events));
        Assert.That(releaseCreated, Is.GreaterThan(engineGone), string.Join("\n", events));
    }

    [Test]
    public void Release_GetsAFreshEngineOfItsOwn_WhenItAsksForOne()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/docker, cmd: 'docker volume create left-by-build'}
            release: {image: cion-test/docker, docker: true, cmd: 'docker volume ls -q | grep -c left-by-build || echo fresh engine'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Does.Contain("fresh engine"));
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Match(@"release_engine_ready_ms=\d+"));
    }

    [Test]
    public void Engine_GetsThePreloadedImages_FromTheHost()
    {
        UseSite(dind: $"preload: [{TestImages.Busybox}]");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, $"build: {{image: cion-test/docker, cmd: 'docker run --rm {TestImages.Busybox} echo preloaded image runs'}}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("preloaded image runs"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain($"service docker: preloaded {TestImages.Busybox}"));
    }
}
