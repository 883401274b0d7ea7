using Cion.Core.Jobs;
using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>A repo page's model: its runs newest first, filtered by branch and status, one page at a time.</summary>
internal static class RepoPage
{
    /// <returns>Null when a filter is not one the page offers (an unknown status word).</returns>
    public static RepoModel? Build(SiteState site, SiteLinks links, string repo, string? branch, string? status, int page, DateTimeOffset now)
    {
        JobState? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!JobStateWords.TryParse(status, out var state)) return null;
            wanted = state;
        }
        page = Math.Max(1, page);
        // Runs are read newest first and one at a time: a page reads its own runs' files, plus the ones its filters skip.
        var runs = site.Runs.NewestFirst(repo)
            .Where(r => string.IsNullOrEmpty(branch) || r.Job.Branch == branch)
            .Where(r => wanted is null || r.Status == wanted)
            .Skip((page - 1) * RepoModel.PageSize).Take(RepoModel.PageSize + 1)
            .Select(r => RunView.Of(r, links, now)).ToList();
        var branches = site.Repos.BranchHeads(repo).Select(h => h.Branch).ToList();
        return new RepoModel(links, repo, runs.Take(RepoModel.PageSize).ToList(), branches,
            string.IsNullOrEmpty(branch) ? null : branch, wanted?.ToWord(), page, runs.Count > RepoModel.PageSize);
    }
}
