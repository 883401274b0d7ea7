using Cion.Core.Jobs;

namespace Cion.Core.State;

/// <summary>
/// Pure: where everything lives under the state directory.
/// <code>
/// STATE/jobs/REPO/SHA/runs/JOB_ID/   one folder per run of the commit (status, job, logs, result, artifacts/)
/// STATE/jobs/REPO/SHA/latest         symlink to the newest run: runs/JOB_ID
/// STATE/jobs/REPO/SHA/status         symlink to latest/status (same for the other run files)
/// STATE/jobs/REPO/latest             symlink to the repo's newest job: SHA/runs/JOB_ID
/// STATE/jobs/REPO/branches/BRANCH    symlink to the branch's newest job: ../SHA/runs/JOB_ID
/// STATE/work/JOB_ID/                 the checkout while the job runs; removed after
/// STATE/deployments/REPO/ENV/        current and history of releases (see DeploymentLedger)
/// STATE/metrics.prom                 ciond's Prometheus metrics, which cion-web serves at /metrics
/// </code>
/// </summary>
public sealed record StateLayout(string Root)
{
    public const string RunsDir = "runs", LatestLink = "latest", BranchesDir = "branches";

    public string Jobs => Path.Combine(Root, "jobs");
    public string Work => Path.Combine(Root, "work");
    public string Deployments => Path.Combine(Root, "deployments");
    public string Metrics => Path.Combine(Root, "metrics.prom");

    public string RepoDir(string repo) => Path.Combine(Jobs, CheckedRelative(repo));

    public string CheckedRepo(string repo) => CheckedRelative(repo);

    public string CommitDir(string repo, string sha) => Path.Combine(RepoDir(repo), CheckedRelative(sha));

    public RunPaths Run(Job job) => new(Path.Combine(CommitDir(job.Repo, job.New), RunsDir, job.Id.Value));

    public string WorkDir(JobId id) => Path.Combine(Work, id.Value, "src");

    public string WorkRoot(JobId id) => Path.Combine(Work, id.Value);

    public string BranchLink(string repo, string branch) => Path.Combine(RepoDir(repo), BranchesDir, CheckedRelative(branch));

    /// <summary>The relative target for a branch link: climb out of <c>branches/</c> and the branch's own folders.</summary>
    public static string BranchLinkTarget(string branch, string pathInRepo) =>
        string.Concat(Enumerable.Repeat("../", branch.Count(c => c == '/') + 1)) + pathInRepo;

    /// <summary>
    /// Names from a job file become path parts; one that could climb out of the state
    /// directory (absolute, <c>..</c>, empty parts) is refused.
    /// </summary>
    private static string CheckedRelative(string part)
    {
        if (part.Length == 0 || part.StartsWith('/') || part.Split('/').Any(p => p is "" or "." or ".."))
            throw new ArgumentException($"'{part}' cannot be used as a path inside the state directory");
        return part;
    }
}
