using Cion.Core.Config;
using Cion.Core.Containers;

namespace Cion.Tests.Config;

/// <summary><c>dind.warm</c>: engines started before a job asks.</summary>
public sealed class WarmConfigTests
{
    private const string File = "/etc/cion/cion.yml";

    [TestCase("{}", 2, 600)]
    [TestCase("dind: {warm: {max: 5}}", 5, 600)]
    [TestCase("dind: {warm: {idle: 90s}}", 2, 90)]
    [TestCase("dind: {warm: {max: 0, idle: 1h}}", 0, 3600)]
    [TestCase("dind: {warm: off}", 0, 600)]
    [TestCase("dind: {warm: false}", 0, 600)]
    public void Parse_ReadsWarm(string text, int max, int idleSeconds)
    {
        var config = ServerConfigParser.Parse(text + "\n", File);

        Assert.That((config.DindWarmMax, config.DindWarmIdle), Is.EqualTo((max, TimeSpan.FromSeconds(idleSeconds))));
    }

    [TestCase("dind: {warm: {max: -1}}", "/etc/cion/cion.yml:1: dind.warm.max: expected a whole number from 0 to 64, found '-1'")]
    [TestCase("dind:\n  warm:\n    idle: soon\n", "/etc/cion/cion.yml:3: dind.warm.idle: expected a duration such as 30s, 10m or 1h (at most 720h), found 'soon'")]
    [TestCase("dind:\n  warm:\n    maximum: 3\n", "/etc/cion/cion.yml:3: dind.warm.maximum: unknown key (known: max, idle)")]
    [TestCase("dind: {warm: 3}", "/etc/cion/cion.yml:1: dind.warm: expected a map such as {max: 2, idle: 10m}, or off, found '3'")]
    public void Parse_NamesTheKey_OfABadWarmSetting(string text, string error)
    {
        var e = Assert.Throws<ConfigException>(() => ServerConfigParser.Parse(text + "\n", File));

        Assert.That(e!.Errors.Select(x => x.ToString()), Does.Contain(error));
    }

    [TestCase("{}", 2)]
    [TestCase("dind: {cache: off}", 0)]
    [TestCase("dind: {cache: branch, warm: {max: 3}}", 3)]
    public void EngineSettings_HaveNoWarmEngines_WithoutALayerCache(string text, int warm) =>
        Assert.That(EngineSettings.From(ServerConfigParser.Parse(text + "\n", File)).WarmMax, Is.EqualTo(warm));
}
