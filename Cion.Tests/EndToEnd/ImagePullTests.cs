using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// A step image the engine lacks is pulled, here from a real registry on loopback
/// (scripts/ensure-registry.sh; make test starts it).
/// </summary>
public sealed class ImagePullTests : EndToEndTest
{
    private const string Registry = "127.0.0.1:5000";
    private string _image = "";

    [SetUp]
    public void PublishAnImageTheEngineDoesNotHave()
    {
        _image = $"{Registry}/cion-test/pulled:{Guid.NewGuid():N}";
        Shell.Check("docker", ["tag", TestImages.Busybox, _image]);
        var push = Shell.Run("docker", "push", _image);
        if (push.ExitCode != 0) Assert.Fail($"no registry at {Registry} (run scripts/ensure-registry.sh): {push.Output}");
        Shell.Check("docker", ["rmi", _image]);
    }

    [TearDown]
    public void RemovePulledImage() => Shell.Run("docker", "rmi", _image);

    [Test]
    public void Push_PullsTheStepImage_WhenTheEngineDoesNotHaveIt()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, $"build: {{image: '{_image}', cmd: 'echo ran in the pulled image'}}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain($"image {_image} is not present; pulling it").And.Contain($"pulled image {_image}"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("ran in the pulled image"));
    }
}
