using Cion.Core.Config;
using Cion.Core.Git;

namespace Cion.Core.Jobs;

/// <summary>
/// Pure: what the server's <c>environments:</c> rules let a repository do to one of its
/// environments. Where several rules match (<c>team/*</c> and <c>**</c>), each must allow it,
/// so adding a rule can only narrow who deploys. No matching rule: no limit from the server.
/// </summary>
public static class EnvironmentPermission
{
    public static IEnumerable<EnvironmentRule> RulesFor(IEnumerable<EnvironmentRule> rules, string repo, string environment) =>
        rules.Where(r => r.Environment == environment && RepoGlob.Matches(r.Repos, repo));

    /// <returns>Null when <paramref name="branch"/> may release to the environment; otherwise why not (for <c>result</c> and <c>cion.log</c>).</returns>
    public static string? ReleaseRefusal(IEnumerable<EnvironmentRule> rules, string repo, string environment, string branch, string configFile)
    {
        foreach (var rule in RulesFor(rules, repo, environment))
            if (!BranchGlob.MatchesAny(rule.Branches, branch))
                return $"branch {branch} may not release to {environment}: {rule.Key}.branches in {configFile} allows " +
                    (rule.Branches.Count == 0 ? "no branch" : string.Join(", ", rule.Branches));
        return null;
    }

    /// <summary>
    /// Whether <paramref name="user"/> (a member of <paramref name="groups"/>) may deploy or roll back to the
    /// environment by hand (<c>cion deploy</c>, <c>cion rollback</c>).
    /// </summary>
    public static bool MayDeploy(IEnumerable<EnvironmentRule> rules, string repo, string environment, string user, IEnumerable<string> groups) =>
        DeployRefusal(rules, repo, environment, user, groups, "") is null;

    /// <returns>Null when the user may deploy to the environment by hand; otherwise why not, naming the rule.</returns>
    public static string? DeployRefusal(IEnumerable<EnvironmentRule> rules, string repo, string environment, string user,
        IEnumerable<string> groups, string configFile)
    {
        var names = groups.Select(g => "@" + g).Append(user).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in RulesFor(rules, repo, environment))
            if (rule.Users is { } users && !users.Any(names.Contains))
                return $"{user} may not deploy to {environment}: {rule.Key}.users in {configFile} allows " +
                    (users.Count == 0 ? "nobody" : string.Join(", ", users));
        return null;
    }
}
