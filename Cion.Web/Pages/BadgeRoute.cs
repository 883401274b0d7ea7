using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Web.Rendering;
using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>
/// <c>/badge/REPO.svg</c> (the default branch) and <c>/badge/REPO/BRANCH.svg</c>: the status of the
/// newest finished job, as an SVG for a README. Never cached, so a README shows what is true now.
/// An unknown repo or branch is a 404, not a grey badge, so a typo in a README is noticed.
/// </summary>
internal static class BadgeRoute
{
    public const string Label = "cion";

    public static void Map(IEndpointRouteBuilder routes, SiteState site) =>
        routes.MapMethods("/badge/{**path}", ReadRoutes.Methods, (HttpContext http, string path) =>
        {
            if (!path.EndsWith(".svg", StringComparison.Ordinal) || Find(site, path[..^4]) is not { } found)
                return Results.NotFound();
            http.Response.Headers.CacheControl = "no-cache";
            var newestFinished = site.Runs.NewestFirst(found.Repo)
                .FirstOrDefault(r => r.Job.Branch == found.Branch && r.Status is { } s && s.IsFinal());
            var status = newestFinished?.Status?.ToWord() ?? "no runs";
            return Results.Text(BadgeSvg.Render(Label, status), "image/svg+xml; charset=utf-8");
        });

    /// <summary>Which repo and branch the path names: the whole path as a repo (its default branch), else the longest repo prefix with a branch after it.</summary>
    private static (string Repo, string Branch)? Find(SiteState site, string path)
    {
        var parts = path.Split('/');
        if (parts.Any(p => !RepoPath.IsSafePart(p))) return null;
        if (site.Repos.Exists(path)) return (path, DefaultBranch(site, path));
        for (var cut = parts.Length - 1; cut >= 1; cut--)
        {
            var repo = string.Join('/', parts[..cut]);
            var branch = string.Join('/', parts[cut..]);
            if (site.Repos.Exists(repo) && site.Repos.BranchHeads(repo).Any(h => h.Branch == branch)) return (repo, branch);
        }
        return null;
    }

    /// <summary>
    /// What the bare repo's HEAD names, read as a plain file (cion-web may read it but needs no libgit2 for that);
    /// where the repo cannot be read, main, else master, else the branch of the newest run.
    /// </summary>
    private static string DefaultBranch(SiteState site, string repo)
    {
        var heads = site.Repos.BranchHeads(repo);
        var newest = heads.Count == 0 ? null : JobSelector.Newest(heads.Select(h => h.Run));
        try
        {
            if (newest is not null && File.ReadAllText(Path.Combine(newest.Job.RepoPath, "HEAD")).Trim() is var head
                && head.StartsWith("ref: " + Job.BranchPrefix, StringComparison.Ordinal))
                return head[("ref: " + Job.BranchPrefix).Length..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return heads.Any(h => h.Branch == "main") ? "main" : heads.Any(h => h.Branch == "master") ? "master" : newest?.Job.Branch ?? "main";
    }
}
