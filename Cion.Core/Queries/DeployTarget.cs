using Cion.Core.Jobs;

namespace Cion.Core.Queries;

/// <summary>
/// Pure: which earlier job a <c>cion deploy</c> or <c>cion rollback</c> releases again. A job id names one
/// run; a commit (a sha prefix) means its newest succeeded build, or its newest build when none succeeded
/// (so that the refusal can say how it ended). A rollback goes to the build of the environment's last
/// successful deployment of another commit than the current one.
/// </summary>
public static class DeployTarget
{
    /// <exception cref="JobSelectionException">No such job or commit, or a prefix that fits several commits.</exception>
    public static RunRecord ForDeploy(string repo, string spec, IReadOnlyList<RunRecord> runs)
    {
        if (JobId.TryParse(spec, out var id))
            return runs.FirstOrDefault(r => r.Job.Id == id) ?? throw new JobSelectionException($"{repo} has no job {spec}");
        var builds = spec.Length >= 4 && spec.All(Uri.IsHexDigit)
            ? runs.Where(r => r.Job.Deploy is null && r.Job.New.StartsWith(spec, StringComparison.OrdinalIgnoreCase)).ToList() : [];
        var commits = builds.Select(r => r.Job.New).Distinct().ToList();
        if (commits.Count == 0) throw new JobSelectionException($"{repo} has no job with the id or commit '{spec}' (a commit needs 4 or more hex digits)");
        if (commits.Count > 1) throw new JobSelectionException($"'{spec}' fits {commits.Count} commits of {repo}: {string.Join(", ", commits.Order().Select(s => s[..12]))}");
        var succeeded = builds.Where(r => r.Status == JobState.Succeeded).ToList();
        return JobSelector.Newest(succeeded.Count > 0 ? succeeded : builds);
    }

    /// <returns>The history line whose build a rollback deploys, or null when the environment has no earlier commit.</returns>
    public static HistoryLine? ForRollback(IReadOnlyList<HistoryLine> history)
    {
        var deployed = history.Where(l => l.Status == State.DeploymentLedger.Succeeded).ToList();
        if (deployed.Count == 0) return null;
        var current = deployed[^1].Sha;
        return deployed.LastOrDefault(l => l.Sha != current);
    }
}
