namespace Cion.Web.Routing;

/// <summary>
/// Pure: every URL the pages link to, under the base path the request came in on (<c>/ci</c>
/// behind a proxy, empty at the root). Each part is escaped on its own, so a branch or file
/// name with <c>?</c>, <c>#</c> or spaces stays one part; slashes in repo names stay slashes.
/// </summary>
public sealed record SiteLinks(string Base)
{
    /// <summary>Separates a repo's name (which has slashes) from what follows it, as GitLab does.</summary>
    public const string Separator = Core.Config.JobPageUrl.Separator;

    public string Home => Base + "/";
    public string Deployments => Base + "/deployments";
    public string OverviewEvents => Base + "/events";
    public string Asset(string name) => $"{Base}/assets/{Uri.EscapeDataString(name)}";

    public string Repo(string repo) => $"{Base}/{Escape(repo)}";
    public string RepoFiltered(string repo, string? branch, string? status, int page) =>
        Repo(repo) + Query(("branch", branch), ("status", status), ("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    public string RepoDeployments(string repo) => $"{Base}/deployments/{Escape(repo)}";

    public string Job(string repo, string id) => Core.Config.JobPageUrl.For(Base, repo, id);
    public string JobEvents(string repo, string id) => Job(repo, id) + "/events";
    public string Log(string repo, string id, string log) => $"{Job(repo, id)}/logs/{Uri.EscapeDataString(log)}";
    public string Artifact(string repo, string id, string path) => $"{Job(repo, id)}/artifacts/{Escape(path)}";

    public string Badge(string repo) => $"{Base}/badge/{Escape(repo)}.svg";
    public string Badge(string repo, string branch) => $"{Base}/badge/{Escape(repo)}/{Escape(branch)}.svg";

    /// <summary>Escapes each slash-separated part, keeping the slashes.</summary>
    public static string Escape(string path) => Core.Config.JobPageUrl.EscapePath(path);

    private static string Query(params (string Key, string? Value)[] pairs)
    {
        var set = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return set.Count == 0 ? "" : "?" + string.Join('&', set);
    }
}
