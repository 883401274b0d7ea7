namespace Cion.Tests.Support;

/// <summary>
/// The installed binaries under test: <c>make stage</c> installs cion into <c>.stage/</c>
/// exactly as <c>make install</c> would, and the tests run those files.
/// </summary>
public static class Binaries
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Stage => Environment.GetEnvironmentVariable("CION_STAGE") is { Length: > 0 } s ? s : Path.Combine(RepoRoot, ".stage");

    public static string Cion => Existing(Path.Combine(Stage, "bin", "cion"));

    public static string Ciond => Existing(Path.Combine(Stage, "bin", "ciond"));

    public static string CionWeb => Existing(Path.Combine(Stage, "bin", "cion-web"));

    /// <summary>The package 'make deb' built (make test builds it first).</summary>
    public static string Deb()
    {
        var outDir = Path.Combine(RepoRoot, "out");
        var debs = Directory.Exists(outDir) ? Directory.GetFiles(outDir, "cion_*_amd64.deb") : [];
        if (debs.Length != 1) Assert.Fail($"expected one out/cion_*_amd64.deb, found {debs.Length}: run 'make deb' (make test does)");
        return debs[0];
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run 'make stage' (make test does) first");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "cion.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find cion.sln above the test assembly");
    }
}
