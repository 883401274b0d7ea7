using Cion.Core.Queries;
using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>The deployment ledger: each environment's current commit and its history, for every repo or one.</summary>
public sealed record DeploymentsModel(SiteLinks Links, string? Repo, IReadOnlyList<Deployments> Ledgers)
{
    /// <summary>The job id at the end of a ledger's run folder (<c>…/runs/JOB_ID</c>), for a link to its page.</summary>
    public static string JobIdOf(string runDir) => Path.GetFileName(runDir.TrimEnd('/'));
}
