using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

public sealed class OwnContainerTests
{
    private const string Id = "3f4e2b1a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    [Test]
    public void Id_IsReadFromTheHostnameMount() =>
        Assert.That(OwnContainer.Id(
            "592 571 0:50 / / rw,relatime - overlay overlay rw\n" +
            $"610 592 254:1 /var/lib/docker/containers/{Id}/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw\n"), Is.EqualTo(Id));

    [TestCase("")]
    [TestCase("22 1 0:21 / /proc rw - proc proc rw\n")]
    [TestCase("610 592 254:1 /var/lib/docker/containers/3f4e/hostname /etc/hostname rw - ext4 /dev/vda1 rw\n")]
    public void Id_IsNull_OutsideAContainer(string mountInfo) =>
        Assert.That(OwnContainer.Id(mountInfo), Is.Null);
}
