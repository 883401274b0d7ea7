using Cion.Core.Queries;
using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>The front page: every repo with its branches' newest runs, and what is deployed where.</summary>
public sealed record OverviewModel(SiteLinks Links, IReadOnlyList<RepoHeads> Repos, IReadOnlyList<Deployments> Deployments);

/// <summary>One repo's branches, each with its newest run.</summary>
public sealed record RepoHeads(string Repo, IReadOnlyList<(string Branch, RunView Run)> Branches);
