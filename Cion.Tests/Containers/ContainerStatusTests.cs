using Cion.Core.Containers;

namespace Cion.Tests.Containers;

public sealed class ContainerStatusTests
{
    private static ContainerStatus On(params (string Network, string? Ip)[] addresses) =>
        new("id", "/cion-j-build-db", "running", true, null, null, [.. addresses.Select(a => new KeyValuePair<string, string?>(a.Network, a.Ip))]);

    [Test]
    public void AddressOn_GivesTheAddressOnTheJobNetwork_WhenTheContainerIsOnIt() =>
        Assert.That(On(("bridge", "172.17.0.2"), ("cion-j", "172.18.0.3")).AddressOn("cion-j"), Is.EqualTo("172.18.0.3"));

    [TestCase("cion-j")]
    [TestCase(null)]
    public void AddressOn_GivesTheFirstNetworksAddress_WhenNotOnTheOneAskedFor(string? network) =>
        Assert.That(On(("bridge", "172.17.0.2"), ("other", "10.0.0.2")).AddressOn(network), Is.EqualTo("172.17.0.2"));

    [Test]
    public void AddressOn_Throws_WhenTheContainerIsOnNoNetwork() =>
        Assert.That(() => On().AddressOn("cion-j"), Throws.InvalidOperationException.With.Message.EqualTo("container /cion-j-build-db has no network address"));
}
