using Cion.Tests.Support;

namespace Cion.Tests.Swarm;

/// <summary>What a runner leaves when its Swarm service is removed (SIGTERM): nothing of its job, everything of others'.</summary>
[Category("Docker")]
public sealed class RunnerStopTests
{
    private static readonly string Owner = $"/tests/{TestRun.Id}/RunnerStopTests";

    [TearDown]
    public void RemoveLeftovers() => DockerLeftovers.RemoveAll();

    [Test]
    public void Sigterm_RemovesTheJobsContainersNetworksAndVolumes_ButItself_AndLeavesAnotherJobsAlone()
    {
        TestImages.RequirePresent();
        // Labelled like its job's containers, as a Swarm service's task may be: it must remove all but itself.
        using var runner = RunnerContainer.Start($"stop-{Guid.NewGuid():N}"[..13], Owner, new RunnerContainer.RunnerOptions(LabelledAsItsJob: true));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var mine = Make(runner.Job, Owner, suffix + "-mine");
        var otherJob = Make("another-job", Owner, suffix + "-other-job");
        var otherOwner = Make(runner.Job, $"/tests/{TestRun.Id}/another-daemon", suffix + "-other-owner");

        var stop = Shell.Run("docker", "stop", "-t", "60", runner.Name);

        Assert.That(stop.ExitCode, Is.EqualTo(0), stop.Output);
        Assert.That(Shell.Check("docker", ["inspect", "-f", "{{.State.ExitCode}}", runner.Name]).Stdout.Trim(), Is.EqualTo("0"), runner.Logs());
        Assert.That(Present(mine), Is.EqualTo(new[] { false, false, false }), "the job's container, network and volume");
        Assert.That(Present(otherJob), Is.EqualTo(new[] { true, true, true }), "another job's");
        Assert.That(Present(otherOwner), Is.EqualTo(new[] { true, true, true }), "the same job id under another daemon's");
        Assert.That(runner.Logs(), Does.Contain($"stopped: removed 3 things of job {runner.Job}"));
    }

    /// <summary>A running container on a network of its own, with a volume: all labelled.</summary>
    private static (string Container, string Network, string Volume) Make(string job, string owner, string name)
    {
        string[] labels = ["--label", $"cion.job={job}", "--label", $"cion.state={owner}"];
        var network = $"cion-test-{name}";
        var volume = $"cion-test-{name}";
        Shell.Check("docker", ["network", "create", .. labels, network]);
        Shell.Check("docker", ["volume", "create", .. labels, volume]);
        var container = Shell.Check("docker", ["run", "-d", .. labels, "--network", network, "-v", $"{volume}:/data",
            TestImages.Busybox, "sleep", "300"]).Stdout.Trim();
        return (container, network, volume);
    }

    private static bool[] Present((string Container, string Network, string Volume) things) =>
    [
        Shell.Run("docker", "container", "inspect", things.Container).ExitCode == 0,
        Shell.Run("docker", "network", "inspect", things.Network).ExitCode == 0,
        Shell.Run("docker", "volume", "inspect", things.Volume).ExitCode == 0,
    ];
}
