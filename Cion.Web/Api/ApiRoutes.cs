using System.Text.Json;
using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Web.Pages;
using Cion.Web.Routing;

namespace Cion.Web.Api;

/// <summary>
/// <c>/api/jobs</c>, <c>/api/jobs/JOB_ID</c> and <c>/api/deployments</c>: the same JSON as
/// <c>cion jobs --json</c>, <c>cion show --json</c> and <c>cion deployments --json</c>, written by the same
/// <see cref="QueryJson"/>, with the same filters (<c>?repo=</c>, <c>?status=</c>, <c>?limit=</c>, <c>?env=</c>).
/// </summary>
internal static class ApiRoutes
{
    private const int DefaultLimit = 20, MostLimit = 1000;

    public static void Map(IEndpointRouteBuilder routes, SiteState site)
    {
        routes.MapMethods("/api/jobs", ReadRoutes.Methods, (HttpContext http) =>
        {
            var query = http.Request.Query;
            string? repo = query["repo"], statusWord = query["status"];
            if (repo is not null && !PathIsSafe(repo)) return Refused($"'{repo}' is not a repo name");
            if (repo is not null && !site.Repos.Exists(repo)) return Json(w => QueryJson.Runs(w, []));
            JobState? wanted = null;
            if (statusWord is not null)
            {
                if (!JobStateWords.TryParse(statusWord, out var state)) return Refused($"'{statusWord}' is not a status");
                wanted = state;
            }
            var limit = Math.Clamp(int.TryParse(query["limit"], out var n) ? n : DefaultLimit, 1, MostLimit);
            var runs = site.Runs.NewestFirst(repo).Where(r => wanted is null || r.Status == wanted).Take(limit);
            return Json(w => QueryJson.Runs(w, runs));
        });
        routes.MapMethods("/api/jobs/{id}", ReadRoutes.Methods, (string id) =>
            JobId.TryParse(id, out var jobId) && site.Runs.ById(jobId) is { } run
                ? Json(w => QueryJson.Run(w, run))
                : Results.NotFound());
        routes.MapMethods("/api/deployments", ReadRoutes.Methods, (HttpContext http) =>
        {
            string? repo = http.Request.Query["repo"], env = http.Request.Query["env"];
            if (repo is not null && !PathIsSafe(repo)) return Refused($"'{repo}' is not a repo name");
            var ledgers = site.Deployments.Environments(repo).Where(d => env is null || d.Environment == env);
            return Json(w => QueryJson.Deployments(w, ledgers));
        });
    }

    /// <summary>A 400 saying what is wrong with the request, as plain text.</summary>
    private static IResult Refused(string why) => Results.Text(why + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    private static bool PathIsSafe(string repo) => repo.Split('/').All(RepoPath.IsSafePart);

    /// <summary>Indented, like the command's output, so the two can be compared byte for byte.</summary>
    private static IResult Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) body(json);
        buffer.WriteByte((byte)'\n');
        return Results.Bytes(buffer.ToArray(), "application/json; charset=utf-8");
    }
}
