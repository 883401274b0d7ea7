using Cion.Tests.Support;

namespace Cion.Tests.Design;

/// <summary>The program's own C# sources (not tests, not generated output), for the design-rule tests.</summary>
internal static class SourceFiles
{
    public static readonly string[] Projects = ["Cion.Core", "Cion.Daemon", "Cion.Hook", "Cion.Web", "Cion.Runner"];

    /// <summary>Every .cs file under the folder (relative to the repo root), with its path as the repo spells it.</summary>
    public static IEnumerable<(string Path, string Text)> Under(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Binaries.RepoRoot, folder), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Binaries.RepoRoot, f).Replace('\\', '/'))
            .Where(p => !p.Contains("/obj/") && !p.Contains("/bin/"))
            .Select(p => (p, File.ReadAllText(Path.Combine(Binaries.RepoRoot, p))));

    /// <summary>The files among <paramref name="files"/> whose code (not comments) matches one of the patterns.</summary>
    public static List<string> Using(IEnumerable<(string Path, string Text)> files, params string[] patterns) =>
        [.. files.Where(f => patterns.Any(p => Code(f.Text).Contains(p, StringComparison.Ordinal))).Select(f => f.Path)];

    // Doc comments may name a type to explain a rule; only code breaks it.
    private static string Code(string text) =>
        string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal)));
}
