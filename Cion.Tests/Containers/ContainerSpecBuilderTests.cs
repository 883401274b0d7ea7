using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Tests.Spool;

namespace Cion.Tests.Containers;

public sealed class ContainerSpecBuilderTests
{
    private static readonly WorkspaceMounts Workspace = new("/state/work/j/src", "/state/jobs/a/s/runs/j/artifacts", "/srv/git/a.git/objects");
    private static readonly StepConfig Step = new() { Image = "img", Docker = DockerRequest.None, Env = new Dictionary<string, string> { ["key1"] = "val1" }, Cmd = ["make"] };

    [Test]
    public void ForBuild_SetsTheEnvContract_MountsAndLabels()
    {
        var job = JobFileTests.SampleJob("refs/heads/feature/x");
        var spec = ContainerSpecBuilder.ForBuild(job, Step, Workspace);

        Assert.That(spec.Name, Is.EqualTo($"cion-{job.Id.Value}-build"));
        Assert.That(spec.Image, Is.EqualTo("img"));
        Assert.That(spec.Cmd, Is.EqualTo(new[] { "make" }));
        Assert.That(spec.WorkingDir, Is.EqualTo("/cion/build"));
        Assert.That(spec.Env, Does.ContainKey("key1").WithValue("val1"));
        Assert.That(spec.Env, Does.ContainKey("BUILD_DIR").WithValue("/cion/build"));
        Assert.That(spec.Env, Does.ContainKey("ARTIFACTS_DIR").WithValue("/cion/artifacts"));
        Assert.That(spec.Env, Does.ContainKey("CION_BRANCH").WithValue("feature/x"));
        Assert.That(spec.Env, Does.ContainKey("CION_REF").WithValue("refs/heads/feature/x"));
        Assert.That(spec.Env, Does.ContainKey("CION_SHA").WithValue(job.New));
        Assert.That(spec.Env, Does.ContainKey("CION_REPO").WithValue("team/app"));
        Assert.That(spec.Env, Does.Not.ContainKey("DOCKER_HOST"));
        Assert.That(spec.Mounts, Does.Contain(new Mount("/state/work/j/src", "/cion/build", false, Scratch: true)));
        Assert.That(spec.Mounts, Does.Contain(new Mount("/srv/git/a.git/objects", "/srv/git/a.git/objects", true)));
        Assert.That(spec.Labels, Does.ContainKey("cion.job").WithValue(job.Id.Value));
        Assert.That(spec.Labels, Does.ContainKey("cion.step").WithValue("build"));
    }

    [Test]
    public void ForRelease_GetsArtifactsReadOnly_AndNeitherBuildDirNorTheBuildsEnv()
    {
        var job = JobFileTests.SampleJob();
        var release = new StepConfig { Image = "deployer", Docker = DockerRequest.None, Env = new Dictionary<string, string> { ["key3"] = "val3" } };
        var spec = ContainerSpecBuilder.ForRelease(job, release, Workspace);

        Assert.That(spec.Env.Keys, Is.EquivalentTo(new[] { "key3", "ARTIFACTS_DIR", "CION_REPO", "CION_REF", "CION_BRANCH", "CION_SHA" }));
        Assert.That(spec.Mounts, Is.EqualTo(new[] { new Mount("/state/jobs/a/s/runs/j/artifacts", "/cion/artifacts", true) }));
        Assert.That(spec.Cmd, Is.Null, "no cmd keeps the image's own command");
        Assert.That(spec.Labels["cion.step"], Is.EqualTo("release"));
    }

    [Test]
    public void ForTest_WorksInTheBuildsCheckout_WithTheArtifactsReadOnly()
    {
        var job = JobFileTests.SampleJob();
        var test = new StepConfig { Image = "tester", Docker = DockerRequest.None, Env = new Dictionary<string, string> { ["key5"] = "val5" } };
        var spec = ContainerSpecBuilder.ForTest(job, test, Workspace);

        Assert.That(spec.Name, Is.EqualTo($"cion-{job.Id.Value}-test"));
        Assert.That(spec.Labels["cion.step"], Is.EqualTo("test"));
        Assert.That(spec.WorkingDir, Is.EqualTo("/cion/build"));
        Assert.That(spec.Env, Does.ContainKey("key5").WithValue("val5").And.ContainKey("BUILD_DIR").WithValue("/cion/build")
            .And.ContainKey("ARTIFACTS_DIR").WithValue("/cion/artifacts").And.Not.ContainKey("DOCKER_HOST"));
        Assert.That(spec.Mounts, Is.EquivalentTo(new[]
        {
            new Mount("/state/work/j/src", "/cion/build", false, Scratch: true),
            new Mount("/state/jobs/a/s/runs/j/artifacts", "/cion/artifacts", true),
            new Mount("/srv/git/a.git/objects", "/srv/git/a.git/objects", true),
        }));
    }
}
