namespace Cion.Tests.Design;

/// <summary>
/// Keeps <see cref="Core.Containers.IContainerEngine"/> the only door to the engine: the Docker
/// client library may be named only by its implementation, in Cion.Core/Containers/Docker/.
/// </summary>
public sealed class EngineSeamTests
{
    private const string DockerFolder = "Cion.Core/Containers/Docker/";

    private static readonly (string Path, string Text)[] Sources = [.. SourceFiles.Projects.SelectMany(SourceFiles.Under)];

    [Test]
    public void DockerClientLibrary_IsNamedOnlyInTheDockerFolder_InEveryProject() =>
        Assert.That(SourceFiles.Using(Sources.Where(f => !f.Path.StartsWith(DockerFolder, StringComparison.Ordinal)), "Docker.DotNet"),
            Is.Empty, "only Cion.Core/Containers/Docker/ may use Docker.DotNet; reach the engine through IContainerEngine");

    [Test]
    public void DockerClientLibrary_IsNamedInTheDockerFolder_SoTheScanLooksInTheRightPlace() =>
        Assert.That(SourceFiles.Using(Sources.Where(f => f.Path.StartsWith(DockerFolder, StringComparison.Ordinal)), "Docker.DotNet"),
            Is.Not.Empty);
}
