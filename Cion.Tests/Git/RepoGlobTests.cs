using Cion.Core.Git;

namespace Cion.Tests.Git;

public sealed class RepoGlobTests
{
    [TestCase("team/app", "team/app", true)]
    [TestCase("team/app", "team/app2", false)]
    [TestCase("team/app", "Team/app", false)]
    [TestCase("team/*", "team/app", true)]
    [TestCase("team/*", "team/sub/app", false)]
    [TestCase("team/*", "team", false)]
    [TestCase("team/*", "other/app", false)]
    [TestCase("team/*", "teams/app", false)]
    [TestCase("infra/**", "infra/dns", true)]
    [TestCase("infra/**", "infra/a/b/c", true)]
    [TestCase("infra/**", "infra", false)]
    [TestCase("infra/**", "infrastructure/dns", false)]
    [TestCase("**", "app", true)]
    [TestCase("**", "team/sub/app", true)]
    [TestCase("*", "app", true)]
    [TestCase("*", "team/app", false)]
    [TestCase("*/app", "team/app", true)]
    [TestCase("*/app", "a/b/app", false)]
    [TestCase("**/app", "a/b/app", true)]
    [TestCase("**/app", "app", false)]
    [TestCase("team/app-?", "team/app-1", true)]
    [TestCase("team/app-?", "team/app-10", false)]
    [TestCase("team?app", "team/app", false)]
    [TestCase("team/a.p", "team/axp", false)]
    [TestCase("team/[ab]", "team/a", false)]
    [TestCase("team/[ab]", "team/[ab]", true)]
    public void Matches_FollowsTheBranchGlobRules_ForRepositoryNames(string glob, string repo, bool matches) =>
        Assert.That(RepoGlob.Matches(glob, repo), Is.EqualTo(matches));

    [TestCase(new[] { "team/*", "infra/**" }, "infra/a/b", true)]
    [TestCase(new[] { "team/*", "infra/**" }, "other/app", false)]
    [TestCase(new string[0], "team/app", false)]
    public void MatchesAny_IsTrue_WhenOneGlobMatches(string[] globs, string repo, bool matches) =>
        Assert.That(RepoGlob.MatchesAny(globs, repo), Is.EqualTo(matches));

    [TestCase("team/*")]
    [TestCase("**")]
    [TestCase("team/app")]
    [TestCase("a/b/c?")]
    public void Problem_IsNull_ForAGlobThatCanMatch(string glob) => Assert.That(RepoGlob.Problem(glob), Is.Null);

    [TestCase("", "an empty glob matches no repository")]
    [TestCase("/srv/git/team/*", "'/srv/git/team/*' is a path")]
    [TestCase("team/", "'team/' ends with '/': write team/* for the repos in it or team/** for every repo under it")]
    [TestCase("team//app", "has an empty, '.' or '..' part")]
    [TestCase("team/../infra/*", "has an empty, '.' or '..' part")]
    [TestCase("./team/*", "has an empty, '.' or '..' part")]
    [TestCase("team/app.git", "ends with .git: repository names have none")]
    public void Problem_SaysWhy_AGlobCanNeverMatch(string glob, string expected) =>
        Assert.That(RepoGlob.Problem(glob), Does.Contain(expected));
}
