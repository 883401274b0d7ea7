using Cion.Tests.Support;

namespace Cion.Tests.Containers;

/// <summary>
/// Keeps <see cref="Core.Containers.IContainerEngine"/> the only door to the engine: the Docker
/// client library may be named only by its implementation, in Cion.Core/Containers/Docker/.
/// </summary>
public sealed class ContainerEngineSeamTests
{
    private static readonly string[] Projects = ["Cion.Core", "Cion.Daemon", "Cion.Hook", "Cion.Web"];
    private static readonly string DockerFolder = Path.Combine("Cion.Core", "Containers", "Docker") + Path.DirectorySeparatorChar;

    [Test]
    public void DockerClientLibrary_IsNamedOnlyInTheDockerFolder_InEveryProject()
    {
        var outside = Projects
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(Binaries.RepoRoot, p), "*.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Binaries.RepoRoot, f))
            .Where(f => !IsBuildOutput(f) && !f.StartsWith(DockerFolder, StringComparison.Ordinal))
            .Where(f => File.ReadAllText(Path.Combine(Binaries.RepoRoot, f)).Contains("Docker.DotNet", StringComparison.Ordinal))
            .ToList();

        Assert.That(outside, Is.Empty, "only Cion.Core/Containers/Docker/ may use Docker.DotNet; reach the engine through IContainerEngine");
    }

    [Test]
    public void DockerClientLibrary_IsNamedInTheDockerFolder_SoTheScanLooksInTheRightPlace() =>
        Assert.That(Directory.EnumerateFiles(Path.Combine(Binaries.RepoRoot, DockerFolder), "*.cs")
            .Any(f => File.ReadAllText(f).Contains("Docker.DotNet", StringComparison.Ordinal)), Is.True);

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
