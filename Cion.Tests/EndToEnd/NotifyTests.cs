using System.Text.Json;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// Notifications as containers (<c>notify:</c>): run after the job's status is final, told the job's facts,
/// logged in notify.log, and never changing the job. The README's example image posts to a real listener.
/// </summary>
public sealed class NotifyTests : EndToEndTest
{
    private const string WebhookImage = "cion-test/notify-webhook";
    private const string Token = "s3cr3t-notify-token";

    private WebhookListener _hook = null!;

    /// <summary>examples/notify-webhook as the README builds it, on the local busybox (no registry here).</summary>
    [OneTimeSetUp]
    public void BuildTheExampleImage()
    {
        var build = Shell.Run("docker", ["build", "-q", "--build-arg", $"BASE={TestImages.Busybox}", "-t", WebhookImage,
            Path.Combine(Binaries.RepoRoot, "examples", "notify-webhook")], env: new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "0" });
        Assert.That(build.ExitCode, Is.Zero, build.Output);
    }

    [SetUp]
    public void StartListener() => _hook = new WebhookListener();

    [TearDown]
    public void StopListener() => _hook.Dispose();

    /// <summary>The server's own notification: the example image, its URL from the site's secrets file.</summary>
    private void UseSiteWithWebhook()
    {
        UseSite(extra: $"""
            web:
              url: https://ci.example.com/cion/
            notify:
              - image: {WebhookImage}
                secrets: [WEBHOOK_URL]
                env: {"{"}CHANNEL: builds{"}"}

            """);
        Site.WriteSecrets("notify.secrets", $"WEBHOOK_URL={_hook.Url}\n");
    }

    private string WaitForNotifySummary(string repo, string sha) =>
        Wait.Until(() => Site.TryReadFile(repo, sha, "cion.log") is { } log && log.Contains("notify: ") ? log : null, "the notifications' line in cion.log");

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;

    [Test]
    public void Failure_RunsTheSitesAndTheReposNotifications_WithTheJobsFactsAndItsResultFileReadOnly()
    {
        UseSiteWithWebhook();
        Site.WriteSecrets("team/app.env", $"TOKEN={Token}\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build:
              - image: cion-test/busybox
              - docker: false
              - cmd: 'echo compiling; exit 3'
            notify:
              - image: cion-test/busybox
              - on: [failure]
              - secrets: [TOKEN]
              - cmd: 'env | grep ^CION_ | sort; echo token $TOKEN; cat $CION_RESULT; (echo x >> $CION_RESULT) 2>/dev/null || echo result is read-only'
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("failed"));
        var job = Site.JobId(repo.Name, sha);
        var message = Json(_hook.Next());
        Assert.That(message.GetProperty("text").GetString(),
            Is.EqualTo($"team/app main {sha[..7]}: failed https://ci.example.com/cion/team/app/-/jobs/{job}"));
        Assert.That(message.GetProperty("channel").GetString(), Is.EqualTo("builds"));
        Assert.That(WaitForNotifySummary(repo.Name, sha), Does.Contain("notify: 2 of 2 notifications sent"));
        var log = Site.ReadFile(repo.Name, sha, "latest/notify.log");
        Assert.That(log, Does.Contain($"CION_COMMIT={sha}\n").And.Contain($"CION_JOB={job}\n").And.Contain("CION_STATUS=failed\n")
            .And.Contain("CION_PREVIOUS_STATUS=\n").And.Contain("CION_REPO=team/app\n").And.Contain("CION_BRANCH=main\n")
            .And.Contain("CION_ENVIRONMENT=\n").And.Contain($"CION_URL=https://ci.example.com/cion/team/app/-/jobs/{job}\n")
            .And.Contain("CION_RESULT=/cion/result\n"));
        Assert.That(log, Does.Contain("| status=failed\n").And.Contain("| build_exit=3\n").And.Contain("| result is read-only\n"));
        Assert.That(log, Does.Contain("| token ***\n").And.Not.Contain(Token).And.Not.Contain(_hook.Url), "secrets are masked in notify.log");
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.StartWith("status=failed\n"));
    }

    [Test]
    public void Fixed_IsPosted_WhenASuccessFollowsAFailureOnTheBranch()
    {
        UseSiteWithWebhook();
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var broken = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'exit 1'}\n", message: "break");
        Assert.That(Site.WaitForFinalStatus(repo.Name, broken), Is.EqualTo("failed"));
        Assert.That(Json(_hook.Next()).GetProperty("text").GetString(), Does.StartWith($"team/app main {broken[..7]}: failed "));

        var mended = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'true'}\n", message: "mend");

        Assert.That(Site.WaitForFinalStatus(repo.Name, mended), Is.EqualTo("succeeded"));
        Assert.That(Json(_hook.Next()).GetProperty("text").GetString(), Does.StartWith($"team/app main {mended[..7]}: fixed (was failed) "));
        Assert.That(WaitForNotifySummary(repo.Name, mended), Does.Contain("notify: 1 of 1 notifications sent"), "its container is gone too");
        Assert.That(Site.ReadFile(repo.Name, mended, "latest/notify.log"), Does.Contain("ended succeeded (previous on refs/heads/main: failed): events"));
    }

    [Test]
    public void FailingTimedOutAndUnpullableNotifications_LeaveTheJobSucceeded_AndNotifyLogSaysWhy()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'echo ok'}
            notify:
              - {image: cion-test/busybox, on: [success], cmd: 'echo giving up; exit 7'}
              - {image: cion-test/busybox, on: [always], timeout: 2s, cmd: 'sleep 300'}
              - {image: "cion-test/does-not-exist:never", on: [success], timeout: 30s}
              - {image: cion-test/busybox, on: [failure, deployed], cmd: 'echo never runs'}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(WaitForNotifySummary(repo.Name, sha), Does.Contain("notify: 0 of 3 notifications sent; 3 failed, see notify.log"));
        var log = Site.ReadFile(repo.Name, sha, "latest/notify.log");
        Assert.That(log, Does.Contain(".cion.yml notify[0] (cion-test/busybox): exited 7").And.Contain("| giving up\n"));
        Assert.That(log, Does.Contain(".cion.yml notify[1] (cion-test/busybox): timed out after 2 s"));
        Assert.That(log, Does.Contain(".cion.yml notify[2] (cion-test/does-not-exist:never): image 'cion-test/does-not-exist:never' is not available"));
        Assert.That(log, Does.Not.Contain("never runs").And.Not.Contain("notify[3]"), "only notifications whose events happened run");
        Assert.That(Site.ReadFile(repo.Name, sha, "status"), Is.EqualTo("succeeded\n"));
        Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.StartWith("status=succeeded\n"));
    }

    [Test]
    public void ANotificationRunningWhenTheDaemonDies_IsRemovedByTheNextStart_AndTheJobStaysFinished()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'true'}
            notify:
              - {image: cion-test/busybox, on: [always], timeout: 10m, cmd: 'sleep 600'}
            """);
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Wait.Until(() => DockerLeftovers.Containers().Count == 1, "the notification's container");

        daemon.Kill();
        Assert.That(DockerLeftovers.Containers(), Has.Count.EqualTo(1), "the crash left it running");
        Site.StartDaemon();

        Wait.Until(() => DockerLeftovers.Containers().Count == 0, "the start-up sweep to remove it");
        Assert.That(Site.ReadFile(repo.Name, sha, "status"), Is.EqualTo("succeeded\n"));
        Assert.That(Site.SpoolFiles("cur"), Is.Empty, "the job's claim was settled before its notifications ran");
    }

    [Test]
    public void AJobWhoseConfigIsBroken_StillGetsTheSitesNotifications_AndNotifyLogSaysWhyNotItsOwn()
    {
        UseSiteWithWebhook();
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false}\nnotify: [{image: cion-test/busybox, on: sometimes}]\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        Assert.That(Json(_hook.Next()).GetProperty("text").GetString(),
            Does.StartWith($"team/app main {sha[..7]}: error: .cion.yml:2: notify[0].on: 'sometimes' is not an event"));
        Assert.That(WaitForNotifySummary(repo.Name, sha), Does.Contain("notify: 1 of 1 notifications sent"));
        Assert.That(Site.ReadFile(repo.Name, sha, "latest/notify.log"), Does.Contain("the repository's notify list was not read: .cion.yml:2: notify[0].on"));
    }
}
