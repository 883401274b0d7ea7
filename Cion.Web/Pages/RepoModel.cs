using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>One repo's runs, newest first, one page of them, with the filters that chose them.</summary>
public sealed record RepoModel(SiteLinks Links, string Repo, IReadOnlyList<RunView> Runs, IReadOnlyList<string> Branches,
    string? Branch, string? Status, int Page, bool HasNext)
{
    public const int PageSize = 50;
}
