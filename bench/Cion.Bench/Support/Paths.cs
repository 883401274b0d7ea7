namespace Cion.Bench.Support;

/// <summary>The binaries under test: what 'make stage' installed into .stage/ (make bench does it first).</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Cion => Existing(Path.Combine(RepoRoot, ".stage", "bin", "cion"));
    public static string Ciond => Existing(Path.Combine(RepoRoot, ".stage", "bin", "ciond"));
    public static string CionWeb => Existing(Path.Combine(RepoRoot, ".stage", "bin", "cion-web"));

    /// <summary>The images scripts/build-test-images.sh builds once per machine.</summary>
    public const string Busybox = "cion-test/busybox", Docker = "cion-test/docker", Dind = "cion-test/dind", DindRootless = "cion-test/dind-rootless";

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run 'make stage' (make bench does) first");

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "cion.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find cion.sln above the working directory");
    }
}
