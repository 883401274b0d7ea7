using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>One run as a row or a heading shows it: the run, its link, its commit's subject and the texts people read.</summary>
public sealed record RunView(RunRecord Run, string Link, string Subject, DateTimeOffset Now)
{
    public static RunView Of(RunRecord run, SiteLinks links, DateTimeOffset now) =>
        new(run, links.Job(run.Job.Repo, run.Job.Id.Value), CommitFile.Read(run.Paths).GetValueOrDefault(CommitFile.SubjectKey, ""), now);

    public Job Job => Run.Job;
    public string Status => Run.Status?.ToWord() ?? "unknown";
    public bool IsFinal => Run.Status is { } s && s.IsFinal();
    public string BranchOrRef => Job.Branch.Length > 0 ? Job.Branch : Job.Ref;
    public string Age => TimeText.Age(Job.QueuedAt, Now);
    public string Took => TimeText.Took(Run.Duration);
    public string QueuedAt => Job.QueuedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
