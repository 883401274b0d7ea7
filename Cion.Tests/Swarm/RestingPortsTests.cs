using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

/// <summary>Ports left out of new jobs' choice for a while: each until its time, the later one when noted twice.</summary>
public sealed class RestingPortsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [TestCase(59, new[] { 7700, 7701 })]
    [TestCase(60, new[] { 7701 })]
    [TestCase(600, new int[0])]
    public void At_HoldsEachPortUntilItsTime(int secondsLater, int[] expected)
    {
        var ports = new RestingPorts();
        ports.Rest(7700, T0.AddSeconds(60));
        ports.Rest(7701, T0.AddSeconds(600));

        Assert.That(ports.At(T0.AddSeconds(secondsLater)), Is.EquivalentTo(expected));
    }

    [Test]
    public void Rest_OfAPortAlreadyResting_KeepsTheLaterTime()
    {
        var ports = new RestingPorts();
        ports.Rest(7700, T0.AddMinutes(10));
        ports.Rest(7700, T0.AddMinutes(1));

        Assert.That(ports.At(T0.AddMinutes(5)), Is.EquivalentTo(new[] { 7700 }));
    }
}
