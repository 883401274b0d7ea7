using Cion.Core.Jobs;

namespace Cion.Core.Queries;

/// <summary>
/// Pure: finds the run a person means. <c>REPO@SHA_PREFIX</c> is the newest run of that commit,
/// <c>REPO@BRANCH</c> the newest run of that branch, <c>REPO</c> the repo's newest run; a job id
/// names one run exactly. A prefix that fits several commits is an error listing them.
/// </summary>
public static class JobSelector
{
    public static RunRecord Select(string spec, IReadOnlyList<RunRecord> runs)
    {
        if (JobId.TryParse(spec, out var id))
            return runs.FirstOrDefault(r => r.Job.Id == id) ?? throw new JobSelectionException($"no job {spec}");
        var at = spec.LastIndexOf('@');
        var (repo, which) = at < 0 ? (spec, null) : (spec[..at], spec[(at + 1)..]);
        var ofRepo = runs.Where(r => r.Job.Repo == repo).ToList();
        if (ofRepo.Count == 0) throw new JobSelectionException($"no jobs for repo '{repo}'");
        if (which is null or "") return Newest(ofRepo);
        var commits = which.All(Uri.IsHexDigit) ? ofRepo.Where(r => r.Job.New.StartsWith(which, StringComparison.OrdinalIgnoreCase)).ToList() : [];
        var distinct = commits.Select(r => r.Job.New).Distinct().ToList();
        if (distinct.Count > 1)
            throw new JobSelectionException($"'{which}' fits {distinct.Count} commits of {repo}: " +
                string.Join(", ", distinct.Order().Select(sha => $"{sha[..12]} ({Newest(commits.Where(r => r.Job.New == sha)).Job.Ref})")));
        if (distinct.Count == 1) return Newest(commits);
        var onBranch = ofRepo.Where(r => r.Job.Branch == which).ToList();
        return onBranch.Count > 0 ? Newest(onBranch) : throw new JobSelectionException($"no commit or branch '{which}' in {repo}'s jobs");
    }

    public static RunRecord Newest(IEnumerable<RunRecord> runs) => runs.MaxBy(r => r.Job.Id.Value, StringComparer.Ordinal)!;
}


