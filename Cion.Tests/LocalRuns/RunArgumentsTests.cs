using Cion.Core.LocalRuns;

namespace Cion.Tests.LocalRuns;

public sealed class RunArgumentsTests
{
    [TestCase("GREETING=hello", "GREETING", "hello")]
    [TestCase("A=", "A", "")]
    [TestCase("A==b", "A", "=b")]
    [TestCase("URL=http://x/?a=b", "URL", "http://x/?a=b")]
    [TestCase("_under_1=with spaces ", "_under_1", "with spaces ")]
    public void Pair_SplitsAtTheFirstEquals_WhenWellFormed(string given, string name, string value) =>
        Assert.That(RunArguments.Pair("--env", given), Is.EqualTo((name, value)));

    [TestCase("GREETING", "--env GREETING: expected NAME=VALUE")]
    [TestCase("=value", "'' is not a valid variable name")]
    [TestCase("1ABC=x", "'1ABC' is not a valid variable name")]
    [TestCase("A-B=x", "'A-B' is not a valid variable name")]
    [TestCase("BUILD_DIR=/x", "'BUILD_DIR' is reserved: cion sets this variable itself")]
    [TestCase("DOCKER_HOST=tcp://x", "'DOCKER_HOST' is reserved")]
    [TestCase("CION_SHA=abc", "'CION_SHA' is reserved")]
    public void Pair_Throws_WhenMalformedOrReserved(string given, string message) =>
        Assert.That(() => RunArguments.Pair("--env", given), Throws.TypeOf<LocalRunException>().With.Message.Contains(message));

    [Test]
    public void Pairs_KeepsTheLastValue_WhenANameIsGivenTwice() =>
        Assert.That(RunArguments.Pairs("--secret", ["A=1", "B=2", "A=3"]),
            Is.EqualTo(new Dictionary<string, string> { ["A"] = "3", ["B"] = "2" }));
}
