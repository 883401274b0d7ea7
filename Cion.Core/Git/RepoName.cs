namespace Cion.Core.Git;

/// <summary>
/// Pure: a bare repository's name is its path under the <c>repos</c> root that holds it,
/// without <c>.git</c>: <c>/srv/git/team/app.git</c> under <c>/srv/git</c> is <c>team/app</c>.
/// </summary>
public static class RepoName
{
    /// <returns>The name, or null when the path lies under none of the roots.</returns>
    public static string? FromPath(string repoPath, IEnumerable<string> roots)
    {
        var path = Path.TrimEndingDirectorySeparator(repoPath);
        foreach (var root in roots.Select(r => Path.TrimEndingDirectorySeparator(r)))
        {
            if (!path.StartsWith(root + "/", StringComparison.Ordinal)) continue;
            var relative = path[(root.Length + 1)..];
            if (relative.EndsWith(".git", StringComparison.Ordinal)) relative = relative[..^4];
            if (relative.Length == 0 || relative.Split('/').Any(part => part is "" or "." or ".."))
                continue;
            return relative;
        }
        return null;
    }
}
