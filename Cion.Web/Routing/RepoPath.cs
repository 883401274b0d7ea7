namespace Cion.Web.Routing;

/// <summary>What a URL under a repo asks for.</summary>
internal enum RepoPathKind { Repo, Job, JobEvents, Log, Artifact }

/// <summary>
/// Pure: reads the part of a URL that names a repo and, after <c>/-/</c>, one of its jobs:
/// <c>/team/app</c>, <c>/team/app/-/jobs/ID</c>, <c>…/ID/events</c>, <c>…/ID/logs/build</c>,
/// <c>…/ID/artifacts/dist/app.tar</c>. Refuses, rather than cleans up, anything that could name
/// a file outside the state directory: empty, <c>.</c> and <c>..</c> parts (however they were
/// encoded), encoded slashes and backslashes, and control characters. A refused path is a 404.
/// </summary>
internal sealed record RepoPath(RepoPathKind Kind, string Repo, string? JobId = null, string? Rest = null)
{
    /// <param name="path">The request path after the base path, decoded as ASP.NET Core decodes it (all but %2F).</param>
    public static RepoPath? Parse(string path)
    {
        if (!path.StartsWith('/')) return null;
        var parts = path[1..].Split('/');
        if (parts.Any(p => !IsSafePart(p))) return null;
        var separator = Array.IndexOf(parts, SiteLinks.Separator);
        if (separator < 0) return new RepoPath(RepoPathKind.Repo, string.Join('/', parts));
        if (separator == 0) return null;
        var repo = string.Join('/', parts[..separator]);
        var after = parts[(separator + 1)..];
        if (after.Length < 2 || after[0] != "jobs") return null;
        var id = after[1];
        return after[2..] switch
        {
            [] => new RepoPath(RepoPathKind.Job, repo, id),
            ["events"] => new RepoPath(RepoPathKind.JobEvents, repo, id),
            ["logs", var log] => new RepoPath(RepoPathKind.Log, repo, id, log),
            ["artifacts", .. var file] when file.Length > 0 => new RepoPath(RepoPathKind.Artifact, repo, id, string.Join('/', file)),
            _ => null,
        };
    }

    /// <summary>
    /// A path part that can be used as a file or folder name as it is. ASP.NET Core leaves <c>%2F</c>
    /// encoded (so a part may hold "%2F"), and a part decoded from <c>%2e%2e</c> is "..": both refused.
    /// </summary>
    public static bool IsSafePart(string part) =>
        part.Length > 0 && part is not ("." or "..") && !part.Contains('\\') && !part.Any(char.IsControl) &&
        !part.Contains("%2f", StringComparison.OrdinalIgnoreCase) && !part.Contains("%5c", StringComparison.OrdinalIgnoreCase) &&
        !part.Contains("%2e", StringComparison.OrdinalIgnoreCase) && !part.Contains('\0');
}
