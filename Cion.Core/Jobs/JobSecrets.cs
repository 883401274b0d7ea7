using Cion.Core.Config;
using Cion.Core.Secrets;
using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>
/// A job's secrets, decided before its build runs: every value of the repo's file and of its release
/// environment's file is masked in the job's logs from here on; each step gets the ones it names.
/// Both steps are checked now, so a release naming a missing secret fails before the build runs.
/// </summary>
public static class JobSecrets
{
    /// <param name="releaseSkip">Why the release will not run (null: it will); a release that will not run gets no values.</param>
    public static (StepConfig Build, StepConfig? Release) Apply(string secretsDir, Job job, CionConfig config, string? releaseSkip, RunLog log)
    {
        var repo = RepoSecrets.Load(secretsDir, job.Repo, log.Write);
        var environment = config.Release?.Environment;
        var bound = environment is null ? new Dictionary<string, string>() : RepoSecrets.LoadBound(secretsDir, job.Repo, environment, log.Write);
        log.Mask = new SecretMask(repo.Values.Concat(bound.Values));
        var file = SecretFile.PathFor(secretsDir, job.Repo);
        if (environment is not null)
            RepoSecrets.RefuseBound(config.Build, StepNames.Build, repo, bound, environment, SecretFile.PathFor(secretsDir, job.Repo, environment));
        var build = RepoSecrets.WithSecrets(config.Build, StepNames.Build, repo, file);
        if (config.Release is null) return (build, null);
        var release = RepoSecrets.WithSecrets(config.Release, StepNames.Release, RepoSecrets.Merge(repo, bound), file);
        // Checked either way, as before environments had files of their own; handed over only to a release that runs.
        return (build, releaseSkip is null ? release : config.Release);
    }
}
