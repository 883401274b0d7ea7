using Cion.Core.Config;

namespace Cion.Core.Jobs;

/// <summary>
/// Pure: whether a deploy may go ahead, the same judgement for <c>cion deploy</c> (which can tell the user
/// before queueing) and ciond (which judges the spool file again: it may be forged).
/// </summary>
public static class DeployCheck
{
    /// <returns>Null when the deploy may run; otherwise why not, for the user, <c>result</c> and <c>cion.log</c>.</returns>
    public static string? Refusal(string repo, string sha, DeployRequest deploy, DeploySource found,
        IEnumerable<EnvironmentRule> rules, string serverConfigFile)
    {
        var id = deploy.Source.Value;
        var shortSha = sha[..Math.Min(7, sha.Length)];
        if (found.Source is not { } source)
            return $"job {id} of {repo} at {shortSha} has no run on this server (never run, or removed by keep)";
        if (source.Repo != repo || source.New != sha) return $"job {id} is not a job of {repo} at {shortSha}";
        if (source.Deploy is { } earlier)
            return $"job {id} is itself a {earlier.Kind}; deploy the job it deployed, {earlier.Source.Value}";
        if (found.Status != JobState.Succeeded)
            return $"job {id} did not succeed (it is {found.Status?.ToWord() ?? "unknown"}): only a succeeded build can be deployed";
        if (!found.HasArtifacts) return $"the artifacts of job {id} were removed by retention (keep in {serverConfigFile})";
        if (found.Release is not { } release) return $"{CionConfig.FileName} at {shortSha} has no release step: nothing to deploy with";
        if (release.Environment != deploy.Environment)
            return $"{CionConfig.FileName} at {shortSha} releases to {release.Environment}, not {deploy.Environment}: " +
                "its release step was written for that environment only";
        return EnvironmentPermission.ReleaseRefusal(rules, repo, deploy.Environment, source.Branch, serverConfigFile);
    }
}
