using System.IO.Enumeration;
using Cion.Core.Posix;
using Cion.Core.State;

namespace Cion.Web.Security;

/// <summary>One file a run's step left in <c>ARTIFACTS_DIR</c>: its path inside the folder and its size.</summary>
public sealed record Artifact(string Path, long Size);

/// <summary>
/// A run's artifacts, as the web page may show them. A build writes whatever it likes into its
/// artifacts folder, links included (<c>ln -s /etc/shadow $ARTIFACTS_DIR/x</c>), so every file is
/// judged by where it really is: only regular files whose real path lies inside the run's own
/// artifacts folder are listed or served. Everything else does not exist, as far as the page is concerned.
/// </summary>
internal static class ArtifactFiles
{
    /// <summary>The most files a job page lists; a build that wrote more is linked to its folder on disk.</summary>
    public const int ListLimit = 1000;

    public static IReadOnlyList<Artifact> List(RunPaths run)
    {
        if (RealFolder(run) is not { } root) return [];
        var files = new List<Artifact>();
        // Links are listed (and judged by where they lead) but never entered: a build may link a folder to /.
        var entries = new FileSystemEnumerable<string>(root, (ref FileSystemEntry e) => e.ToFullPath(),
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory || e.Attributes.HasFlag(FileAttributes.ReparsePoint),
            ShouldRecursePredicate = (ref FileSystemEntry e) => !e.Attributes.HasFlag(FileAttributes.ReparsePoint),
        };
        foreach (var path in entries.Take(ListLimit))
            if (Resolve(run, Path.GetRelativePath(root, path)) is { } inside)
                files.Add(new Artifact(Path.GetRelativePath(root, path), inside.Length));
        files.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));
        return files;
    }

    /// <summary>The file at <paramref name="relativePath"/> inside the run's artifacts, or null when it is not a regular file inside them.</summary>
    public static FileInfo? Resolve(RunPaths run, string relativePath)
    {
        if (RealFolder(run) is not { } root || Path.IsPathRooted(relativePath)) return null;
        var real = LibC.RealPath(Path.Combine(root, relativePath));
        if (real is null || !real.StartsWith(root + "/", StringComparison.Ordinal)) return null;
        var file = new FileInfo(real);
        return file.Exists && !file.Attributes.HasFlag(FileAttributes.Directory) && file.LinkTarget is null ? file : null;
    }

    private static string? RealFolder(RunPaths run) => LibC.RealPath(run.Artifacts) is { } real && Directory.Exists(real) ? real : null;
}
