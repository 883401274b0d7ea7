namespace Cion.Core.Config;

/// <summary>
/// Pure: where a job's page is on cion-web, for the pages' own links and for the <c>CION_URL</c> a
/// notification gets (the site's public address, <c>web.url</c>, in front). One rule for both, so a
/// link in a chat message opens the page cion-web serves.
/// </summary>
public static class JobPageUrl
{
    /// <summary>Separates a repo's name (which has slashes) from what follows it, as GitLab does.</summary>
    public const string Separator = "-";

    /// <summary><c>BASE/team/app/-/jobs/ID</c>, each part escaped on its own; slashes in the repo's name stay slashes.</summary>
    public static string For(string basePath, string repo, string jobId) =>
        $"{basePath}/{EscapePath(repo)}/{Separator}/jobs/{Uri.EscapeDataString(jobId)}";

    /// <summary>Escapes each slash-separated part, keeping the slashes.</summary>
    public static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Null when <paramref name="text"/> is an absolute http(s) URL without query or fragment; else why not.</summary>
    public static string? UrlError(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? null
            : $"expected the address people open cion-web at, such as https://ci.example.com/cion, found '{text}'";
}
