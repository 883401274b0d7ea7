using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// The server's <c>environments:</c> rules: a pushed <c>.cion.yml</c> can narrow who releases where,
/// never widen it, and an environment's own secrets reach only a release the rule allows.
/// </summary>
public sealed class EnvironmentRulesTests : EndToEndTest
{
    private const string DeployKey = "pr0d-deploy-key";

    protected override string ExtraConfig => """
        environments:
          "team/*":
            production: {branches: [main]}

        """;

    /// <summary>Releases from any branch, as far as the pushed config goes, and says whether it holds the key.</summary>
    private const string GreedyConfig = """
        build: {image: cion-test/busybox, docker: false, cmd: 'true'}
        release:
          image: cion-test/busybox
          branches: ["**"]
          secrets: [DEPLOY_KEY]
          cmd: 'echo key length ${#DEPLOY_KEY}'
        """;

    /// <summary>A running daemon and team/app, whose production environment has a deploy key of its own.</summary>
    private BareRepo StartWithProductionKey()
    {
        Site.WriteSecrets("team/app/production.secrets", $"DEPLOY_KEY={DeployKey}\n");
        Site.StartDaemon();
        return Site.CreateRepo();
    }

    private string Current() => File.ReadAllText(Path.Combine(Site.State, "deployments", "team", "app", "production", "current"));

    [Test]
    public void FeatureBranch_NeitherDeploysNorGetsTheProductionSecret_WhenTheServerAllowsOnlyMain()
    {
        var repo = StartWithProductionKey();
        var main = CommitAndPush(repo, GreedyConfig, message: "main");
        Assert.That(Site.WaitForFinalStatus(repo.Name, main), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, main, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, main, "release.log"), Is.EqualTo($"key length {DeployKey.Length}\n"), "main's release gets the bound secret");

        var feature = CommitAndPush(repo, GreedyConfig, branch: "feature/x", message: "feature");

        Assert.That(Site.WaitForFinalStatus(repo.Name, feature), Is.EqualTo("succeeded"), "its build still counts");
        const string why = "branch feature/x may not release to production: environments.team/*.production.branches in ";
        Assert.That(Site.ReadFile(repo.Name, feature, "result"), Does.Contain($"release_skipped={why}"));
        Assert.That(Site.ReadFile(repo.Name, feature, "cion.log"), Does.Contain($"release skipped: {why}").And.Contain("allows main"));
        Assert.That(Site.RunHasFile(repo.Name, feature, "release.log"), Is.False, "no release ran, so nothing saw the key");
        Assert.That(Current(), Does.Contain($"sha={main}\n"), "production still runs main");
    }

    [Test]
    public void Build_EndsInError_WhenItNamesASecretBoundToAnEnvironment()
    {
        var repo = StartWithProductionKey();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, secrets: [DEPLOY_KEY], cmd: 'echo $DEPLOY_KEY'}
            release: {image: cion-test/busybox, cmd: 'true'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("build.secrets: 'DEPLOY_KEY' bound to environment production"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "build.log"), Is.False, "the build never ran with it");
    }
}
