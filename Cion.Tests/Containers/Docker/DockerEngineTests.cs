using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Tests.Support;

namespace Cion.Tests.Containers.Docker;

/// <summary>Against the real engine at the default socket, with the locally built busybox image.</summary>
[Category("Docker")]
public sealed class DockerEngineTests
{
    private DockerEngine _runner = null!;

    [OneTimeSetUp]
    public void Connect()
    {
        TestImages.RequirePresent();
        _runner = DockerEngine.Connect(new Uri("unix:///var/run/docker.sock"), owner: $"/tests/{TestRun.Id}/DockerEngineTests");
    }

    [OneTimeTearDown]
    public void Disconnect() => _runner.Dispose();

    [TearDown]
    public void RemoveLeftovers() => DockerLeftovers.RemoveAll();

    private static ContainerSpec Spec(string script, string jobId = "test-job") => new()
    {
        Name = $"cion-{jobId}-{Guid.NewGuid():N}",
        Image = TestImages.Busybox,
        Env = new Dictionary<string, string> { ["GREETING"] = "hello there" },
        Cmd = ["/bin/sh", "-c", script],
        Mounts = [],
        Labels = new Dictionary<string, string> { [Labels.Job] = jobId, [Labels.Step] = "build" },
    };

    [Test]
    public async Task RunAsync_ReturnsTheExitCode_StreamsBothOutputs_AndRemovesTheContainer()
    {
        using var output = new MemoryStream();

        var exit = await _runner.RunAsync(Spec("echo $GREETING; echo oops >&2; exit 7"), output, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(7));
        var text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.That(text, Does.Contain("hello there\n").And.Contain("oops\n"));
        Assert.That(DockerLeftovers.Containers(), Is.Empty);
    }

    [Test]
    public void RunAsync_RemovesTheContainer_WhenCancelled()
    {
        using var output = new MemoryStream();
        using var cancel = new CancellationTokenSource();
        var run = _runner.RunAsync(Spec("echo up; sleep 300"), output, cancel.Token);
        Wait.Until(() => Shell.Run("docker", "ps", "-q", "--filter", $"label=cion.state=/tests/{TestRun.Id}/DockerEngineTests", "--filter", "status=running").Stdout.Length > 0,
            "the container to run");

        cancel.Cancel();

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(DockerLeftovers.Containers(), Is.Empty);
    }

    [Test]
    public void EnsureImageAsync_ThrowsNamingTheImage_WhenItCannotBePulled()
    {
        var error = Assert.ThrowsAsync<ImageUnavailableException>(() =>
            _runner.EnsureImageAsync(TestImages.Missing, _ => { }, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain(TestImages.Missing).And.Contain("could not be pulled"));
    }

    [Test]
    public async Task RemoveJobResourcesAsync_RemovesOnlyThatJobsThings_AndOnlyThisDaemons()
    {
        var mine = $"cion.state=/tests/{TestRun.Id}/DockerEngineTests";
        Shell.Check("docker", ["create", "--label", "cion.job=job-a", "--label", mine, TestImages.Busybox]);
        Shell.Check("docker", ["create", "--label", "cion.job=job-b", "--label", mine, TestImages.Busybox]);
        Shell.Check("docker", ["network", "create", "--label", "cion.job=job-a", "--label", mine, $"cion-test-net-a-{TestRun.Id}"]);
        Shell.Check("docker", ["volume", "create", "--label", "cion.job=job-a", "--label", mine, $"cion-test-vol-a-{TestRun.Id}"]);
        Shell.Check("docker", ["create", "--label", "cion.job=job-c", "--label", $"cion.state=/tests/{TestRun.Id}/another-daemon", TestImages.Busybox]);

        var report = await _runner.RemoveJobResourcesAsync("job-a");
        Assert.That(report.Removed, Is.EqualTo(3));
        Assert.That(report.Complete, Is.True, report.DescribeLeft());
        Assert.That(DockerLeftovers.Containers(), Has.Count.EqualTo(2));
        Assert.That(DockerLeftovers.Networks(), Is.Empty);
        Assert.That(DockerLeftovers.Volumes(), Is.Empty);
        Shell.Check("docker", ["create", "--label", "cion.job=job-live", "--label", mine, TestImages.Busybox]);
        Assert.That((await _runner.RemoveLeftoversAsync(() => new HashSet<string> { "job-live" })).Removed, Is.EqualTo(1), "only this daemon's, not the live job's");
        Assert.That(DockerLeftovers.Containers(), Has.Count.EqualTo(2), "another daemon's container and the live job's stay");
    }
}
