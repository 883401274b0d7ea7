using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>Input cion cannot run ends the job in <c>error</c>, says why in cion.log, and the daemon goes on.</summary>
public sealed class BrokenInputTests : EndToEndTest
{
    [Test]
    public void Push_EndsInErrorNamingLineAndKey_WhenCionYmlIsBroken()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build:
              image: cion-test/busybox
              envv:
                a: b
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain(".cion.yml:3: build.envv: unknown key"));
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Contain("build_exit=skipped\n"));

        var fixedSha = CommitAndPush(repo, "build: {image: cion-test/busybox, cmd: 'true'}\n");
        Assert.That(Site.WaitForFinalStatus(repo.Name, fixedSha), Is.EqualTo("succeeded"), "the daemon keeps going");
        Assert.That(daemon.HasExited, Is.False);
    }

    [Test]
    public void Push_EndsInError_WhenTheCommitHasNoCionYml()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        repo.Write("README", "no config here\n");
        var sha = repo.Commit();
        Assert.That(repo.Push().ExitCode, Is.Zero);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain(".cion.yml: not found in the commit"));
        var show = CionCli.Run(Site, "show", "team/app");
        Assert.That(show.ExitCode, Is.EqualTo(5), "show's exit code for a job in error");
        Assert.That(show.Stdout, Does.Contain("error:          .cion.yml: not found in the commit"), "show says why");
        using var json = System.Text.Json.JsonDocument.Parse(CionCli.Run(Site, "show", "team/app", "--json").Stdout);
        Assert.That(json.RootElement.GetProperty("error").GetString(), Does.StartWith(".cion.yml: not found in the commit"));
    }

    [Test]
    public void Push_EndsInErrorSayingSo_WhenTheImageCannotBePulled()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: 'cion-test/does-not-exist:never'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"),
            Does.Contain("image 'cion-test/does-not-exist:never' is not available locally and could not be pulled"));
    }
}
