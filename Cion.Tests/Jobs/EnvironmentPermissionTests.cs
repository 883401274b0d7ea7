using Cion.Core.Config;
using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class EnvironmentPermissionTests
{
    private const string File = "/etc/cion/cion.yml";

    private static readonly EnvironmentRule[] Rules =
    [
        new("team/*", "production", ["main"], ["alice", "@ops"]),
        new("team/*", "staging", ["**"], null),
        new("**", "production", ["main", "hotfix/*"], null),
        new("infra/**", "frozen", [], null),
    ];

    [TestCase("team/app", "production", "main", null)]
    [TestCase("team/app", "production", "feature/x",
        "branch feature/x may not release to production: environments.team/*.production.branches in /etc/cion/cion.yml allows main")]
    [TestCase("team/app", "production", "hotfix/1",
        "branch hotfix/1 may not release to production: environments.team/*.production.branches in /etc/cion/cion.yml allows main")]
    [TestCase("other/app", "production", "hotfix/1", null)]
    [TestCase("other/app", "production", "feature/x",
        "branch feature/x may not release to production: environments.**.production.branches in /etc/cion/cion.yml allows main, hotfix/*")]
    [TestCase("team/app", "staging", "feature/x", null)]
    [TestCase("team/app", "review", "anything", null)]
    [TestCase("team/sub/app", "staging", "feature/x", null)]
    [TestCase("infra/dns", "frozen", "main",
        "branch main may not release to frozen: environments.infra/**.frozen.branches in /etc/cion/cion.yml allows no branch")]
    [TestCase("team/app", "Production", "feature/x", null)]
    public void ReleaseRefusal_AllowsOnlyWhatEveryMatchingRuleAllows(string repo, string environment, string branch, string? refusal) =>
        Assert.That(EnvironmentPermission.ReleaseRefusal(Rules, repo, environment, branch, File), Is.EqualTo(refusal));

    [Test]
    public void ReleaseRefusal_RefusesNothing_WithoutRules() =>
        Assert.That(EnvironmentPermission.ReleaseRefusal([], "team/app", "production", "feature/x", File), Is.Null);

    [TestCase("alice", "", true)]
    [TestCase("bob", "ops", true)]
    [TestCase("bob", "dev,staff", false)]
    [TestCase("ops", "", false)]
    public void MayDeploy_FollowsTheUsersOfTheRule(string user, string groups, bool may) =>
        Assert.That(EnvironmentPermission.MayDeploy(Rules, "team/app", "production", user, groups.Split(',', StringSplitOptions.RemoveEmptyEntries)), Is.EqualTo(may));

    [TestCase("team/app", "staging")]
    [TestCase("other/app", "production")]
    [TestCase("team/app", "review")]
    public void MayDeploy_LetsAnyone_WhereNoRuleNamesUsers(string repo, string environment) =>
        Assert.That(EnvironmentPermission.MayDeploy(Rules, repo, environment, "bob", []), Is.True);

    [Test]
    public void DeployRefusal_NamesTheRuleAndWhoItAllows() =>
        Assert.That(EnvironmentPermission.DeployRefusal(Rules, "team/app", "production", "bob", ["dev"], File),
            Is.EqualTo("bob may not deploy to production: environments.team/*.production.users in /etc/cion/cion.yml allows alice, @ops"));
}
