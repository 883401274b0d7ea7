using Cion.Core.Queries;

namespace Cion.Core.State;

/// <summary>
/// Pure: the builds retention must keep for deploys and rollbacks: the runs that produced the artifacts
/// of each environment's last <c>keep.deployments</c> successful deployments. A deploy's own run holds no
/// artifacts; the run it deployed (its <c>source_job</c>) does, so that is the one kept.
/// </summary>
public sealed class DeployedBuilds(IReadOnlySet<string> jobIds)
{
    public static DeployedBuilds Of(IEnumerable<Deployments> ledgers, int lastDeployments) =>
        new(ledgers.SelectMany(d => d.History.Where(l => l.Status == DeploymentLedger.Succeeded).TakeLast(lastDeployments))
            .Select(l => l.BuildJob).ToHashSet(StringComparer.Ordinal));

    /// <summary>Whether retention may remove the run: false for a build one of those deployments released.</summary>
    public bool MayRemove(RunRecord run) => !jobIds.Contains(run.Job.Id.Value);
}
