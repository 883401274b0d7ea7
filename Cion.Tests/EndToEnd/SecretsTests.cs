using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>Server-side secrets per repo: given to the steps that name them, masked in every log.</summary>
public sealed class SecretsTests : EndToEndTest
{
    private const string Token = "s3cr3t-t0ken-value";

    [Test]
    public void Secret_ReachesTheStepThatNamesIt_AndIsMaskedEverywhere_EvenSplitAcrossWrites()
    {
        Site.WriteSecrets("team/app.env", $"TOKEN={Token}\nOTHER=never-named-but-still-masked\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build:
              image: cion-test/busybox
              docker: false
              secrets: [TOKEN]
              cmd: 'echo token is $TOKEN; printf "s3cr3t-"; sleep 0.5; printf "t0ken-value\n"; echo never-named-but-still-masked; echo -n $TOKEN | wc -c'
            release:
              image: cion-test/busybox
              cmd: 'echo release sees [$TOKEN]'
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        var build = Site.ReadFile(repo.Name, sha, "build.log");
        Assert.That(build, Is.EqualTo($"token is ***\n***\n***\n{Token.Length}\n"), "the value reached the build, and no log shows it");
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Is.EqualTo("release sees []\n"), "only the step that names it gets it");
        foreach (var file in Directory.GetFiles(Path.Combine(Site.CommitDir(repo.Name, sha), "latest")))
            Assert.That(File.ReadAllText(file), Does.Not.Contain(Token), file);
    }

    [Test]
    public void Job_EndsInError_WhenAStepNamesASecretItsRepoDoesNotHave()
    {
        Site.WriteSecrets("team/other.env", $"TOKEN={Token}\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, secrets: [TOKEN], cmd: 'echo $TOKEN'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("build.secrets: 'TOKEN' not in this repo's secrets file"));
        Assert.That(Site.RunHasFile(repo.Name, sha, "build.log"), Is.False, "another repo's secret is never handed out");
    }
}
