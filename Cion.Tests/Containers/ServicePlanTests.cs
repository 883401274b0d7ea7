using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Tests.Spool;

namespace Cion.Tests.Containers;

public sealed class ServicePlanTests
{
    private static readonly EngineSettings Engine = new("my/dind:1", ["--mtu=1400"], TimeSpan.FromSeconds(30), []) { RootlessImage = "my/rootless:1" };
    private static readonly EngineDefault RootEngines = EngineDefault.For(EngineProfile.Capabilities, "/etc/cion/cion.yml");
    private static readonly EngineDefault RootlessEngines = EngineDefault.For(EngineProfile.Rootless, "/etc/cion/cion.yml");
    private static readonly PrivilegePolicy TrustsAll = PrivilegePolicy.From(new ServerConfig { DindTrusted = ["**"] }, RootEngines);
    private static readonly PrivilegePolicy AllowsPrivileged = PrivilegePolicy.From(new ServerConfig { DindTrusted = ["**"], ServicesAllowPrivileged = true }, RootEngines);

    private static CionConfig Config(string yaml) => ConfigParser.Parse(yaml);

    [Test]
    public void For_GivesTheBuildAnEngine_ByDefault_ReachableAsDocker()
    {
        var job = JobFileTests.SampleJob();
        var plan = ServicePlan.For(job, "build", Config("build: {image: b}").Build, Config("build: {image: b}"), Engine, TrustsAll);

        var engine = plan.Single();
        Assert.That(engine.Name, Is.EqualTo("docker"));
        Assert.That(engine.Readiness, Is.EqualTo(ServiceReadiness.DockerApi));
        Assert.That(engine.WantsPrivilege, Is.True);
        Assert.That(engine.Container.Image, Is.EqualTo("my/dind:1"));
        Assert.That(engine.Container.Cmd, Is.EqualTo(new[] { "dockerd", "--host=tcp://0.0.0.0:2375", "--host=unix:///var/run/docker.sock", "--tls=false", "--mtu=1400" }));
        Assert.That(engine.Container.Env, Does.ContainKey("DOCKER_TLS_CERTDIR").WithValue(""));
        Assert.That(engine.Container.Aliases, Is.EqualTo(new[] { "docker" }));
        Assert.That(engine.Container.Network, Is.EqualTo($"cion-{job.Id.Value}"));
        Assert.That(engine.Container.Volumes, Is.EqualTo(new[] { new NamedVolume($"cion-{job.Id.Value}-build-docker", "/var/lib/docker") }));
        Assert.That(engine.Container.Labels, Does.ContainKey("cion.job").WithValue(job.Id.Value));
        Assert.That(engine.Container.Devices, Is.Empty);
    }

    [TestCase(CacheScope.Repo, "build: {image: b}", "team/app", null)]
    [TestCase(CacheScope.Branch, "build: {image: b}", "team/app", "refs/heads/main")]
    [TestCase(CacheScope.Off, "build: {image: b}", null, null)]
    [TestCase(CacheScope.Repo, "build: {image: b, cache: false}", null, null)]
    [TestCase(CacheScope.Repo, "cache: false\nbuild: {image: b}", null, null)]
    public void For_GivesTheEngineItsCachePool_UnlessTheServerOrTheStepSaysNo(CacheScope scope, string yaml, string? repo, string? gitRef)
    {
        var job = JobFileTests.SampleJob("refs/heads/main");
        var settings = Engine with { Cache = scope, CacheOwner = "/var/lib/cion" };

        var engine = ServicePlan.For(job, "build", Config(yaml).Build, Config(yaml), settings, TrustsAll).Single();

        Assert.That(engine.Cache, Is.EqualTo(repo is null ? null : new CachePool("/var/lib/cion", EngineKind.Root, repo, gitRef)));
        Assert.That(engine.Container.Volumes.Single().IsCache, Is.False, "the plan keeps the per-job volume: a lease replaces it only when the pool has one free");
    }

    [Test]
    public void For_GivesTheRootlessEngine_WhereTheServersDefaultIsRootless()
    {
        var job = JobFileTests.SampleJob();
        var config = Config("build: {image: b}\n");
        var untrusted = PrivilegePolicy.From(new ServerConfig(), RootlessEngines);

        var engine = ServicePlan.For(job, "build", config.Build, config, Engine, untrusted).Single();

        Assert.That(engine.Engine, Is.EqualTo(EngineKind.Rootless));
        Assert.That(engine.WantsPrivilege, Is.True, "its container needs a root engine's privileges to make the user namespace");
        Assert.That(engine.Container.Image, Is.EqualTo("my/rootless:1"));
        Assert.That(engine.Container.Cmd, Is.EqualTo(new[]
        {
            "dockerd", "--host=tcp://0.0.0.0:2375", "--tls=false", "--data-root=/home/rootless/.local/share/docker", "--mtu=1400",
        }));
        Assert.That(engine.Container.Env, Does.ContainKey("DOCKER_TLS_CERTDIR").WithValue("")
            .And.ContainKey("DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS").WithValue("-p 0.0.0.0:2375:2375/tcp"));
        Assert.That(engine.Container.Volumes, Is.EqualTo(new[] { new NamedVolume($"cion-{job.Id.Value}-build-docker", "/home/rootless/.local/share/docker") }));
        Assert.That(engine.Container.Devices, Is.EqualTo(new[] { "/dev/net/tun" }));
        Assert.That(engine.Container.Aliases, Is.EqualTo(new[] { "docker" }));
    }

    [TestCase("build: {image: b, docker: root}\n", EngineKind.Root)]
    [TestCase("build: {image: b, docker: true}\n", EngineKind.Rootless)]
    [TestCase("build: [{image: b}, {docker: root}]\n", EngineKind.Root)]
    public void For_GivesARootEngine_OnlyWhenTheStepSaysDockerRoot(string yaml, EngineKind kind)
    {
        var config = Config(yaml);
        var trusted = PrivilegePolicy.From(new ServerConfig { DindTrusted = ["**"] }, RootlessEngines);

        Assert.That(ServicePlan.For(JobFileTests.SampleJob(), "build", config.Build, config, Engine, trusted).Single().Engine, Is.EqualTo(kind));
    }

    [Test]
    public void For_GivesNoEngine_WhenTheStepSaysDockerFalse_OrToTheReleaseByDefault()
    {
        var config = Config("build: {image: b, docker: false}\nrelease: {image: r}\n");
        Assert.That(ServicePlan.For(JobFileTests.SampleJob(), "build", config.Build, config, Engine, TrustsAll), Is.Empty);
        Assert.That(ServicePlan.For(JobFileTests.SampleJob(), "release", config.Release!, config, Engine, TrustsAll), Is.Empty);
    }

    [Test]
    public void For_AddsTheServicesOfThatStep_ReadyByPortWhenGiven()
    {
        var config = Config("""
            build: {image: b, docker: false}
            release: {image: r}
            services:
              db: {image: pg, port: 5432, steps: [build, release]}
              cache: {image: redis}
            """);
        var job = JobFileTests.SampleJob();

        var build = ServicePlan.For(job, "build", config.Build, config, Engine, TrustsAll);
        var release = ServicePlan.For(job, "release", config.Release!, config, Engine, TrustsAll);

        Assert.That(build.Select(s => (s.Name, s.Readiness)), Is.EqualTo(new[] { ("db", ServiceReadiness.TcpPort), ("cache", ServiceReadiness.Started) }));
        Assert.That(release.Select(s => s.Name), Is.EqualTo(new[] { "db" }));
        Assert.That(release[0].Container.Name, Is.EqualTo($"cion-{job.Id.Value}-release-db"), "each step gets a fresh one");
    }

    [Test]
    public void For_RefusesAPrivilegedService_UnlessAllowed()
    {
        var config = Config("build: {image: b}\nservices:\n  x: {image: y, privileged: true}\n");

        var error = Assert.Throws<ConfigException>(() => ServicePlan.For(JobFileTests.SampleJob(), "build", config.Build, config, Engine, TrustsAll));
        Assert.That(error!.Message, Does.Contain("services.x.privileged: refused"));
        Assert.That(ServicePlan.For(JobFileTests.SampleJob(), "build", config.Build, config, Engine, AllowsPrivileged).Last().WantsPrivilege, Is.True);
    }

    [Test]
    public void For_RefusesTheBuildsPlan_WhenOnlyTheReleaseAsksForAnEngineTheRepoIsNotTrustedWith()
    {
        var config = Config("build: {image: b, docker: false}\nrelease: {image: r, docker: true}\n");
        var untrusted = new PrivilegePolicy(["elsewhere/*"], false, "/etc/cion/cion.yml") { DefaultEngine = RootEngines };

        var error = Assert.Throws<ConfigException>(() => ServicePlan.For(JobFileTests.SampleJob(), "build", config.Build, config, Engine, untrusted));
        Assert.That(error!.Errors.Single().Key, Is.EqualTo("release.docker"), "refused before the build runs, not after it");
    }

    [Test]
    public void ForBuild_SetsDockerHost_OnlyWhenTheStepHasAnEngine()
    {
        var job = JobFileTests.SampleJob();
        var config = Config("build: {image: b}\n");
        var workspace = new WorkspaceMounts("/w", "/a", null);
        var withEngine = ContainerSpecBuilder.ForBuild(job, config.Build, workspace, ServicePlan.For(job, "build", config.Build, config, Engine, TrustsAll));
        var without = ContainerSpecBuilder.ForBuild(job, config.Build, workspace, []);

        Assert.That(withEngine.Env, Does.ContainKey("DOCKER_HOST").WithValue("tcp://docker:2375"));
        Assert.That(withEngine.Network, Is.EqualTo($"cion-{job.Id.Value}"));
        Assert.That(withEngine.Privilege, Is.EqualTo(ContainerPrivilege.Default), "the build itself is never privileged");
        Assert.That(without.Env, Does.Not.ContainKey("DOCKER_HOST"));
        Assert.That(without.Network, Is.Null);
    }
}
