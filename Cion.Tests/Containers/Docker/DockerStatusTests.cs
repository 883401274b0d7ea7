using Cion.Core.Containers.Docker;
using Docker.DotNet.Models;
using EngineState = Docker.DotNet.Models.State;

namespace Cion.Tests.Containers.Docker;

public sealed class DockerStatusTests
{
    private static ContainerInspectResponse Inspect(string status, bool running, string startedAt) => new()
    {
        ID = "0123456789ab", Name = "/cion-j-build",
        State = new EngineState { Status = status, Running = running, ExitCode = 3, StartedAt = startedAt },
        NetworkSettings = new NetworkSettings { Networks = new Dictionary<string, EndpointSettings> { ["cion-j"] = new() { IPAddress = "172.18.0.2" } } },
    };

    [Test]
    public void From_KeepsTheEnginesWordsAndAddresses()
    {
        var status = DockerStatus.From(Inspect("running", true, "2025-06-01T12:00:00.1234567Z"));

        Assert.That((status.Id, status.Name, status.State, status.Running, status.ExitCode),
            Is.EqualTo(("0123456789ab", "/cion-j-build", "running", true, (long?)3)));
        Assert.That(status.StartedAt, Is.EqualTo(new DateTimeOffset(2025, 6, 1, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4567)));
        Assert.That(status.AddressOn("cion-j"), Is.EqualTo("172.18.0.2"));
    }

    [Test]
    public void From_ListsTheNamedVolumesItMounts_NotItsBindMounts()
    {
        var inspect = Inspect("running", true, "");
        inspect.Mounts =
        [
            new MountPoint { Type = "volume", Name = "cion-cache-root-team-app-0123456789-1", Destination = "/var/lib/docker" },
            new MountPoint { Type = "bind", Source = "/sys/fs/cgroup", Destination = "/sys/fs/cgroup" },
        ];

        Assert.That(DockerStatus.From(inspect).VolumeNames, Is.EqualTo(new[] { "cion-cache-root-team-app-0123456789-1" }));
    }

    [TestCase("0001-01-01T00:00:00Z")]
    [TestCase("")]
    public void From_SaysNeverStarted_ForDockersZeroTimeOrNone(string startedAt) =>
        Assert.That(DockerStatus.From(Inspect("created", false, startedAt)).StartedAt, Is.Null);
}
