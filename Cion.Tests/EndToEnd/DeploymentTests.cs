using System.Globalization;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>The record of what was deployed where: the ledger files, git notes, one release at a time, newest wins.</summary>
public sealed class DeploymentTests : EndToEndTest
{
    private static string Config(double buildSeconds, string? release = null) => $$"""
        build: {image: cion-test/busybox, docker: false, cmd: 'sleep {{buildSeconds.ToString(CultureInfo.InvariantCulture)}}'}
        release: {image: cion-test/busybox, environment: staging, cmd: '{{release ?? ReleaseSpan.Command()}}'}
        """;

    [Test]
    public void Ledger_RecordsEveryReleaseInHistory_AndOnlySuccessesAsCurrent()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = CommitAndPush(repo, Config(0, "echo ok"), message: "first");
        Site.WaitForFinalStatus(repo.Name, first);
        var second = CommitAndPush(repo, Config(0, "echo ok"), message: "second");
        Site.WaitForFinalStatus(repo.Name, second);
        var broken = CommitAndPush(repo, Config(0, "exit 1"), message: "broken release");
        Assert.That(Site.WaitForFinalStatus(repo.Name, broken), Is.EqualTo("failed"));

        var dir = Path.Combine(Site.State, "deployments", "team", "app", "staging");
        var current = File.ReadAllText(Path.Combine(dir, "current"));
        Assert.That(current, Does.Contain($"sha={second}\n").And.Contain("ref=refs/heads/main\n").And.Contain("status=succeeded\n")
            .And.Contain($"job={Site.JobId(repo.Name, second)}\n").And.Match("deployed_at=\\d{4}-"));
        var history = File.ReadAllLines(Path.Combine(dir, "history"));
        Assert.That(history.Select(l => l.Split(' ')[1..4]), Is.EqualTo(new[]
        {
            new[] { first, "refs/heads/main", "succeeded" }, [second, "refs/heads/main", "succeeded"], [broken, "refs/heads/main", "failed"],
        }));
        var json = CionCli.Json(Site, "deployments", "team/app", "--env", "staging", "--json");
        Assert.That(json[0].GetProperty("current").GetProperty("sha").GetString(), Is.EqualTo(second));
        Assert.That(json[0].GetProperty("history").GetArrayLength(), Is.EqualTo(3));
        Assert.That(CionCli.Run(Site, "deployments").Stdout, Does.Contain($"team/app staging: {second[..7]} refs/heads/main"));
    }

    [Test]
    public void Notes_ShowEachJobsResult_InAClone()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, Config(0, "echo ok"));
        Site.WaitForFinalStatus(repo.Name, sha);

        repo.Git("fetch", "origin", "refs/notes/cion:refs/notes/cion");
        var log = repo.Git("log", "--notes=cion", "-1", sha).Stdout;

        Assert.That(log, Does.Contain("Notes (cion):").And.Contain("cion: succeeded").And.Contain($"job: {Site.JobId(repo.Name, sha)}")
            .And.Contain("deployed: staging"));
    }

    [Test]
    public void Notes_AreAllWritten_WhenJobsOfOneRepoFinishTogether()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", "build: {image: cion-test/busybox, docker: false, cmd: 'true'}\n");
        var shas = Enumerable.Range(1, 4).Select(i => { repo.Write("n", $"{i}"); return repo.Commit($"c{i}"); }).ToList();
        // One push, four refs: four jobs, two at a time, finishing close together.
        var push = Shell.Run("git", ["push", "origin", .. shas.Select((sha, i) => $"{sha}:refs/heads/b{i}")], repo.WorkTree);
        Assert.That(push.ExitCode, Is.Zero, push.Output);
        foreach (var sha in shas) Site.WaitForFinalStatus(repo.Name, sha);

        repo.Git("fetch", "origin", "refs/notes/cion:refs/notes/cion");
        foreach (var sha in shas)
            Assert.That(repo.Git("notes", "--ref=cion", "show", sha).Stdout, Does.StartWith("cion: succeeded"), sha);
    }

    [Test]
    public void TwoQuickPushes_ReleaseOneAfterTheOther_AndTheNewestEndsUpCurrent()
    {
        Site.StartDaemon(); // concurrency 2: both builds run at once
        var repo = Site.CreateRepo();
        // The newer build ends about a second into the older release (2 s): it must wait for it.
        var older = CommitAndPush(repo, Config(0), message: "older, quick build");
        var newer = CommitAndPush(repo, Config(1), message: "newer, slower build");
        Site.WaitForFinalStatus(repo.Name, older);
        Site.WaitForFinalStatus(repo.Name, newer);

        var (olderStart, olderEnd) = SpanOf(repo, older);
        var (newerStart, newerEnd) = SpanOf(repo, newer);
        Assert.That(newerStart, Is.GreaterThanOrEqualTo(olderEnd).Or.LessThanOrEqualTo(olderStart - (newerEnd - newerStart)),
            "the two releases to staging did not overlap");
        Assert.That(Site.ReadFile(repo.Name, newer, "cion.log"), Does.Contain($"release: waiting for job {Site.JobId(repo.Name, older)}'s release to staging to finish"));
        Assert.That(File.ReadAllText(Path.Combine(Site.State, "deployments", "team", "app", "staging", "current")), Does.Contain($"sha={newer}"));
    }

    [Test]
    public void WaitingRelease_StillWaits_AfterTheDaemonIsKilledAndRestarted()
    {
        // The older release runs 6 s; the newer build ends a second in and waits at the gate.
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var slowRelease = ReleaseSpan.Command(sleep: "6");
        var older = CommitAndPush(repo, Config(0, slowRelease), message: "older, slow release");
        var newer = CommitAndPush(repo, Config(1), message: "newer, waits for it");
        var releasing = Path.Combine(Site.State, "deployments", "team", "app", "staging", "releasing");
        Wait.Until(() => Site.TryReadFile(repo.Name, newer, "cion.log")?.Contains("release: waiting for job") == true, "the newer release waiting at the gate");
        Assert.That(File.ReadAllText(releasing), Does.Contain($"job={Site.JobId(repo.Name, older)}\n"), "the plain file says who holds staging");

        daemon.Kill(); // the older release's container runs on; nothing in memory survives
        Site.StartDaemon();

        Assert.That(Site.WaitForFinalStatus(repo.Name, older), Is.EqualTo("succeeded"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, newer), Is.EqualTo("succeeded"));
        var (olderStart, olderEnd) = SpanOf(repo, older);
        var (newerStart, _) = SpanOf(repo, newer);
        Assert.That(newerStart, Is.GreaterThanOrEqualTo(olderEnd), "the newer release started only after the older one ended");
        Assert.That(olderStart, Is.LessThan(olderEnd));
        Assert.That(Site.ReadFile(repo.Name, older, "release.log").Split("start ").Length - 1, Is.EqualTo(1), "the older release ran once (adopted, not re-run)");
        Assert.That(Site.ReadFile(repo.Name, newer, "release.log").Split("start ").Length - 1, Is.EqualTo(1), "the newer release ran once");
        Assert.That(File.ReadAllText(Path.Combine(Site.State, "deployments", "team", "app", "staging", "current")), Does.Contain($"sha={newer}"));
        Assert.That(File.Exists(releasing), Is.False, "the environment is free again");
    }

    [Test]
    public void OlderRelease_IsSuperseded_WhenANewerPushOfTheBranchAlreadyDeployed()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var older = CommitAndPush(repo, Config(4, "echo ok"), message: "older, slow build");
        var newer = CommitAndPush(repo, Config(0, "echo ok"), message: "newer, quick build");
        Assert.That(Site.WaitForFinalStatus(repo.Name, newer), Is.EqualTo("succeeded"));

        Assert.That(Site.WaitForFinalStatus(repo.Name, older), Is.EqualTo("succeeded"), "its build still counts");
        Assert.That(Site.ReadFile(repo.Name, older, "release.log"), Does.StartWith($"superseded: {newer[..7]}"));
        Assert.That(Site.ReadFile(repo.Name, older, "result"), Does.Contain("release_skipped=superseded\n").And.Contain("release_exit=skipped\n"));
        Assert.That(File.ReadAllText(Path.Combine(Site.State, "deployments", "team", "app", "staging", "current")), Does.Contain($"sha={newer}"));
    }

    private (double Start, double End) SpanOf(BareRepo repo, string sha) => ReleaseSpan.Of(Site.ReadFile(repo.Name, sha, "release.log"));
}
