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

    /// <summary>
    /// The test step with the secrets it names, checked like the build's, and before the build runs too: the repo's
    /// secrets only, never those bound to the release's environment. Null when the config has no test step.
    /// The values are masked already: <see cref="Apply"/> masks every value of both files.
    /// </summary>
    public static StepConfig? ForTest(string secretsDir, Job job, CionConfig config)
    {
        if (config.Test is not { } test) return null;
        var repo = RepoSecrets.Load(secretsDir, job.Repo, _ => { }); // Apply has warned about the file already
        if (config.Release?.Environment is { } environment)
            RepoSecrets.RefuseBound(test, StepNames.Test, repo, RepoSecrets.LoadBound(secretsDir, job.Repo, environment, _ => { }),
                environment, SecretFile.PathFor(secretsDir, job.Repo, environment));
        return RepoSecrets.WithSecrets(test, StepNames.Test, repo, SecretFile.PathFor(secretsDir, job.Repo));
    }
}
