using Cion.Core.Config;

namespace Cion.Tests.Config;

/// <summary><c>environments:</c>: which branches may release where, decided on the server.</summary>
public sealed class EnvironmentsConfigTests
{
    private const string File = "/etc/cion/cion.yml";

    [Test]
    public void Parse_HasNoRules_ByDefault() =>
        Assert.That(ServerConfigParser.Parse("{}\n", File).Environments, Is.Empty);

    [Test]
    public void Parse_ReadsTheIssuesExample()
    {
        var config = ServerConfigParser.Parse("""
            environments:
              "team/*":
                production: {branches: [main], users: [alice, "@ops"]}
                staging: {branches: ["**"]}
            """, File);

        Assert.That(config.Environments.Select(r => (r.Repos, r.Environment, string.Join(",", r.Branches), r.Users is null ? null : string.Join(",", r.Users))),
            Is.EqualTo(new[] { ("team/*", "production", "main", "alice,@ops"), ("team/*", "staging", "**", (string?)null) }));
    }

    [TestCase("environments: {infra/**: {prod: {branches: main}}}", "main")]
    [TestCase("environments: {infra/**: {prod: {branches: []}}}", "")]
    [TestCase("environments: {infra/**: {prod: {branches: [main, release/*]}}}", "main,release/*")]
    public void Parse_ReadsBranches_AsAListOrOne(string text, string branches) =>
        Assert.That(string.Join(",", ServerConfigParser.Parse(text + "\n", File).Environments.Single().Branches), Is.EqualTo(branches));

    [TestCase("environments: [team/*]",
        "/etc/cion/cion.yml:1: environments: expected a map of repository globs to environments, such as {\"team/*\": {production: {branches: [main]}}}, found a list")]
    [TestCase("environments:\n  /srv/git/team/*:\n    production: {branches: [main]}\n",
        "/etc/cion/cion.yml:2: environments./srv/git/team/*: '/srv/git/team/*' is a path: write repository names as they are under a repos root (/srv/git/team/app.git is team/app)")]
    [TestCase("environments:\n  team/*: [production]\n",
        "/etc/cion/cion.yml:2: environments.team/*: expected a map of environment names to rules, such as {production: {branches: [main]}}, found a list")]
    [TestCase("environments:\n  team/*:\n    prod/eu: {branches: [main]}\n",
        "/etc/cion/cion.yml:3: environments.team/*.prod/eu: 'prod/eu' is not an environment name (letters, digits, '-', '_', '.')")]
    [TestCase("environments:\n  team/*:\n    production: main\n",
        "/etc/cion/cion.yml:3: environments.team/*.production: expected a map such as {branches: [main], users: [alice, \"@ops\"]}, found 'main'")]
    [TestCase("environments:\n  team/*:\n    production:\n      users: [alice]\n",
        "/etc/cion/cion.yml:4: environments.team/*.production.branches: required: the branch globs that may release here ([] for none)")]
    [TestCase("environments:\n  team/*:\n    production:\n      branches: [main]\n      branch: [dev]\n",
        "/etc/cion/cion.yml:5: environments.team/*.production.branch: unknown key (known: branches, users)")]
    [TestCase("environments:\n  team/*:\n    production:\n      branches: {main: true}\n",
        "/etc/cion/cion.yml:4: environments.team/*.production.branches: expected a list of strings, found a map")]
    [TestCase("environments:\n  team/*:\n    production:\n      branches: [main, refs/heads/dev]\n",
        "/etc/cion/cion.yml:4: environments.team/*.production.branches[1]: 'refs/heads/dev' is a ref: write branch names as in release.branches (main, release/*)")]
    [TestCase("environments:\n  team/*:\n    production:\n      branches: [main, '']\n",
        "/etc/cion/cion.yml:4: environments.team/*.production.branches[1]: an empty glob matches no branch")]
    [TestCase("environments:\n  team/*:\n    production:\n      branches: [main]\n      users: [alice, 'ops team']\n",
        "/etc/cion/cion.yml:5: environments.team/*.production.users[1]: 'ops team' is neither a user name nor an @group")]
    [TestCase("environments:\n  team/*:\n    production:\n      branches: [main]\n      users: [[alice]]\n",
        "/etc/cion/cion.yml:5: environments.team/*.production.users[0]: expected a string, found a list")]
    [TestCase("environments:\n  team/*:\n    production:\n      branches: [main]\n      users: '@'\n",
        "/etc/cion/cion.yml:5: environments.team/*.production.users: '@' is neither a user name nor an @group")]
    public void Parse_NamesFileLineAndKey_OfABadRule(string text, string error)
    {
        var e = Assert.Throws<ConfigException>(() => ServerConfigParser.Parse(text + "\n", File));

        Assert.That(e!.Errors.Select(x => x.ToString()), Does.Contain(error));
    }

    [Test]
    public void Parse_ListsEnvironments_AmongTheKnownKeys()
    {
        var e = Assert.Throws<ConfigException>(() => ServerConfigParser.Parse("enviroments: {}\n", File));

        Assert.That(e!.Errors.Single().Message, Does.Contain("environments"));
    }
}
