namespace Cion.Tests.Design;

/// <summary>
/// The design's nevers for Config (ARCHITECTURE.md): it parses text and never touches files,
/// and it does not depend on Containers. A change that breaks one fails here, naming the file.
/// </summary>
public sealed class ConfigRulesTests
{
    private static readonly (string Path, string Text)[] ConfigSources = [.. SourceFiles.Under("Cion.Core/Config")];

    [Test]
    public void Config_HasSources_SoTheRulesBelowLookAtSomething() =>
        Assert.That(ConfigSources.Select(f => f.Path), Has.Some.EndsWith("ConfigParser.cs"));

    [Test]
    public void Config_NeverTouchesFiles() =>
        Assert.That(SourceFiles.Using(ConfigSources, "File.", "Directory.", "FileInfo", "FileStream", "StreamReader", "DirectoryInfo"),
            Is.Empty, "read files in Cion.Core/ConfigFiles and hand Config the text");

    [Test]
    public void Config_DoesNotDependOnContainers() =>
        Assert.That(SourceFiles.Using(ConfigSources, "Cion.Core.Containers", "Containers."), Is.Empty,
            "names and rules both need belong in Cion.Core/Contract");
}
