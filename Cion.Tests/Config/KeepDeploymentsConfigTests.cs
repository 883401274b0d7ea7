using Cion.Core.Config;

namespace Cion.Tests.Config;

/// <summary><c>keep.deployments</c>: how many of an environment's last deployments retention keeps the builds of.</summary>
public sealed class KeepDeploymentsConfigTests
{
    private const string File = "/etc/cion/cion.yml";

    [TestCase("{}\n", 5)]
    [TestCase("keep: {runs: 10}\n", 5)]
    [TestCase("keep: {runs: 10, deployments: 2}\n", 2)]
    public void Parse_ReadsKeepDeployments_FiveByDefault(string text, int expected) =>
        Assert.That(ServerConfigParser.Parse(text, File).KeepDeployments, Is.EqualTo(expected));

    [TestCase("keep: {deployments: 0}\n", "/etc/cion/cion.yml:1: keep.deployments: expected a whole number from 1 to 10000, found '0'")]
    [TestCase("keep: {deploys: 3}\n", "/etc/cion/cion.yml:1: keep.deploys: unknown key (known: runs, days, deployments)")]
    public void Parse_NamesTheFileLineAndKey_ForABadKeepDeployments(string text, string message) =>
        Assert.That(() => ServerConfigParser.Parse(text, File),
            Throws.TypeOf<ConfigException>().With.Property(nameof(ConfigException.Errors)).Some.Matches<ConfigError>(e => e.ToString() == message));
}
