using Cion.Core.Jobs;
using Cion.Web.Live;
using Cion.Web.Routing;
using Cion.Web.Security;
using Cion.Web.Slices;

namespace Cion.Web.Pages;

/// <summary>
/// The HTML pages and what hangs off a job: <c>/</c>, <c>/deployments[/REPO]</c>, and everything
/// under a repo's name (its page, its jobs' pages, logs, artifacts and event streams).
/// </summary>
internal static class PageRoutes
{
    /// <param name="stopping">Ends the event streams when cion-web stops, so a stop never waits for a browser to hang up.</param>
    public static void Map(IEndpointRouteBuilder routes, SiteState site, TimeProvider clock, CancellationToken stopping)
    {
        routes.MapMethods("/", ReadRoutes.Methods, (HttpContext http) =>
            Results.RazorSlice<Overview, OverviewModel>(OverviewPage.Build(site, Links(http), clock.GetUtcNow())));
        routes.MapMethods("/deployments", ReadRoutes.Methods, (HttpContext http) =>
            Results.RazorSlice<Deployments, DeploymentsModel>(new(Links(http), null, [.. site.Deployments.Environments()])));
        routes.MapMethods("/deployments/{**repo}", ReadRoutes.Methods, (HttpContext http, string repo) =>
            site.Repos.Exists(repo) || DeploymentsExist(site, repo)
                ? Results.RazorSlice<Deployments, DeploymentsModel>(new(Links(http), repo, [.. site.Deployments.Environments(repo)]))
                : NotFound(http, $"No deployments of '{repo}'."));
        routes.MapMethods("/{**path}", ReadRoutes.Methods, Task<IResult> (HttpContext http) => Repo(http, site, clock, Streams.Until(http, stopping)));
    }

    public static SiteLinks Links(HttpContext http) => new(http.Request.PathBase.Value ?? "");

    public static IResult NotFound(HttpContext http, string why) =>
        Results.RazorSlice<NotFound, LayoutModel>(new LayoutModel(why, Links(http)), StatusCodes.Status404NotFound);

    private static bool DeploymentsExist(SiteState site, string repo)
    {
        try { return site.Deployments.Environments(repo).Any(); }
        catch (ArgumentException) { return false; } // a name that would climb out of the state directory
    }

    private static async Task<IResult> Repo(HttpContext http, SiteState site, TimeProvider clock, CancellationToken ct)
    {
        if (RepoPath.Parse(http.Request.Path.Value ?? "") is not { } path || !site.Repos.Exists(path.Repo))
            return NotFound(http, "No such repository or page.");
        var links = Links(http);
        if (path.Kind == RepoPathKind.Repo)
        {
            var query = http.Request.Query;
            var page = int.TryParse(query["page"], out var n) ? n : 1;
            return RepoPage.Build(site, links, path.Repo, query["branch"], query["status"], page, clock.GetUtcNow()) is { } model
                ? Results.RazorSlice<Slices.Repo, RepoModel>(model)
                : NotFound(http, "No such status.");
        }
        if (!JobId.TryParse(path.JobId!, out var id) || site.Runs.ById(path.Repo, id) is not { } run)
            return NotFound(http, $"No job {path.JobId} in {path.Repo}.");
        switch (path.Kind)
        {
            case RepoPathKind.Job:
                return Results.RazorSlice<Slices.Job, JobModel>(JobPage.Build(site, links, run, clock.GetUtcNow()));
            case RepoPathKind.Log:
                var log = JobPage.Logs.FirstOrDefault(l => l.Name == path.Rest);
                if (log.Name is null || !File.Exists(log.Path(run.Paths))) return NotFound(http, "No such log.");
                return Results.File(log.Path(run.Paths), "text/plain; charset=utf-8");
            case RepoPathKind.Artifact:
                return ArtifactFiles.Resolve(run.Paths, path.Rest!) is { } file
                    ? Results.File(file.FullName, "application/octet-stream", Path.GetFileName(path.Rest!))
                    : NotFound(http, "No such artifact.");
            default:
                await Live.JobEvents.StreamAsync(http, run, ct);
                return Results.Empty;
        }
    }
}
