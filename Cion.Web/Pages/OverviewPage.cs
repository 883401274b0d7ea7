using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>The front page's model: a few links per repo (its branches), never its history, so it stays fast with 100,000 runs.</summary>
internal static class OverviewPage
{
    public static OverviewModel Build(SiteState site, SiteLinks links, DateTimeOffset now)
    {
        var catalog = site.Repos;
        var repos = catalog.Repos()
            .Select(repo => new RepoHeads(repo, [.. catalog.BranchHeads(repo).Select(h => (h.Branch, RunView.Of(h.Run, links, now)))]))
            .ToList();
        return new OverviewModel(links, repos, [.. site.Deployments.Environments()]);
    }
}
