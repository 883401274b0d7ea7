using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// <c>cion deploy</c> and <c>cion rollback</c>: an earlier build released again, through the spool and a real
/// daemon, recorded in the ledger with its kind, who ran it and why; refusals said before anything is queued.
/// </summary>
public sealed class DeployCommandTests : EndToEndTest
{
    private const string Build = "build: {image: cion-test/busybox, docker: false, cmd: 'echo built $CION_SHA > $ARTIFACTS_DIR/out.txt'}\n";
    private const string Releasing = Build + "release: {image: cion-test/busybox, environment: staging, cmd: 'cat $ARTIFACTS_DIR/out.txt'}\n";

    /// <summary>Staging for every branch, deployed by hand only by root's group: the test runs as root.</summary>
    private const string Environments = """
        environments:
          "team/*":
            staging: {branches: ["**"], users: ["@root"]}
            production: {branches: [main], users: [cion-test-nobody]}

        """;

    protected override string ExtraConfig => Environments;

    [Test]
    public void Deploy_ReleasesAnEarlierBuildsArtifacts_AndRollbackGoesBack_BothInTheLedger()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = PushAndWait(repo, Releasing, "first");
        var second = PushAndWait(repo, Releasing, "second");
        var firstJob = Site.JobId(repo.Name, first);

        var deploy = Deploy("deploy", "team/app", first[..8], "--env", "staging", "--reason", "second breaks the login page");

        Assert.That(ReadRun(repo.Name, first, deploy, "release.log"), Is.EqualTo($"built {first}\n"), "the first build's artifacts, not a rebuild");
        Assert.That(File.Exists(RunFile(repo.Name, first, deploy, "build.log")), Is.False, "nothing was built");
        Assert.That(CionCli.Run(Site, "show", deploy).Stdout, Does.Contain("deploy of:").And.Contain($"{firstJob} to staging: second breaks the login page"));
        var current = Ledger("current");
        Assert.That(current, Does.Contain($"sha={first}\n").And.Contain($"job={deploy}\n").And.Contain("kind=deploy\n").And.Contain("by=root\n")
            .And.Contain($"source_job={firstJob}\n").And.Contain("reason=second breaks the login page\n"));
        Assert.That(Ledger("history").Split('\n')[2], Does.EndWith($" kind=deploy by=root source_job={firstJob} reason=second breaks the login page"));
        Assert.That(CionCli.Run(Site, "deployments", "team/app").Stdout,
            Does.Contain($"{first[..7]} refs/heads/main").And.Contain($"deploy by root of job {firstJob}: second breaks the login page"));
        Assert.That(Site.ReadFile(repo.Name, first, "job"), Does.Contain($"id={firstJob}\n"), "the commit's latest run is still its build");
        repo.Git("fetch", "origin", "refs/notes/cion:refs/notes/cion");
        Assert.That(repo.Git("notes", "--ref=cion", "show", first).Stdout, Does.Contain($"job: {firstJob}\n"), "the note is still the build's");

        var rollback = Deploy("rollback", "team/app", "--env", "staging");

        Assert.That(ReadRun(repo.Name, second, rollback, "release.log"), Is.EqualTo($"built {second}\n"));
        Assert.That(Ledger("current"), Does.Contain($"sha={second}\n").And.Contain("kind=rollback\n").And.Contain($"source_job={Site.JobId(repo.Name, second)}\n"));
        var history = CionCli.Json(Site, "deployments", "team/app", "--json")[0].GetProperty("history");
        Assert.That(history.EnumerateArray().Select(h => h.GetProperty("kind").GetString()), Is.EqualTo(new[] { "push", "push", "deploy", "rollback" }));
        var page = Site.StartWeb().Get("/deployments/team/app").Body;
        Assert.That(page, Does.Contain("<td class=\"kind\">rollback</td><td class=\"by\">root</td>")
            .And.Contain("<td class=\"kind\">deploy</td><td class=\"by\">root</td><td class=\"reason\">second breaks the login page</td>"));
    }

    [Test]
    public void Deploy_IsRefused_WithAClearMessage_ForWhatItCannotDeploy()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var good = PushAndWait(repo, Releasing, "good");
        var broken = PushAndWait(repo, Build.Replace("echo built", "exit 3; echo"), "broken");
        var goodJob = Site.JobId(repo.Name, good);

        AssertRefused($"job {Site.JobId(repo.Name, broken)} did not succeed (it is failed)", "deploy", "team/app", broken[..8], "--env", "staging");
        AssertRefused("unknown environment nowhere for team/app: it knows production, staging", "deploy", "team/app", goodJob, "--env", "nowhere");
        AssertRefused("team/app has no job with the id or commit 'deadbeef'", "deploy", "team/app", "deadbeef", "--env", "staging");
        AssertRefused("unknown repository team/other", "deploy", "team/other", good, "--env", "staging");
        AssertRefused($".cion.yml at {good[..7]} releases to staging, not production", "deploy", "team/app", goodJob, "--env", "production");
        AssertRefused("team/app has never released to production", "rollback", "team/app", "--env", "production");
        AssertRefused("no earlier successful deployment", "rollback", "team/app", "--env", "staging");
        Assert.That(Site.SpoolFiles("new"), Is.Empty, "nothing was queued");

        // Written by hand past the command's checks, the deploy of the failed job runs and ends 'error', saying why.
        var forged = WriteDeployFile(repo, broken, Site.JobId(repo.Name, broken));
        var status = RunFile(repo.Name, broken, forged, "status");
        Wait.Until(() => File.Exists(status) && File.ReadAllText(status) == "error\n", $"{status} to say error");
        Assert.That(ReadRun(repo.Name, broken, forged, "result"),
            Does.Contain($"error=deploy refused: job {Site.JobId(repo.Name, broken)} did not succeed (it is failed)"));
        Assert.That(Ledger("history").Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "nothing was released");
    }

    [Test]
    public void DeployFile_ByAUserTheEnvironmentDoesNotName_IsSetAside_AndRunsNothing()
    {
        UseSite(extra: Environments.Replace("\"@root\"", "cion-test-nobody"));
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = PushAndWait(repo, Releasing, "good");
        var refused = CionCli.Run(Site, "deploy", "team/app", sha, "--env", "staging");
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Output);
        Assert.That(refused.Stderr, Does.Contain($"root may not deploy to staging: environments.team/*.staging.users in {Site.ConfigPath} allows cion-test-nobody"));

        // The same request written by hand, as a forged file would be: ciond judges it again.
        var id = WriteDeployFile(repo, sha, Site.JobId(repo.Name, sha));

        var why = Path.Combine(Site.Spool, "bad", id + ".job.why");
        Wait.Until(() => File.Exists(why), $"{why} to appear");
        Assert.That(File.ReadAllText(why), Does.StartWith("deploy refused: root may not deploy to staging"));
        Assert.That(Directory.Exists(RunFile(repo.Name, sha, id, "")), Is.False, "no run was recorded");
        Assert.That(Ledger("history").Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
    }

    [Test]
    public void Retention_KeepsTheBuildsOfTheLastDeployments_AndDeployOfARemovedOneSaysSo()
    {
        UseSite(extra: Environments + "keep: {runs: 1, deployments: 2}\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var first = PushAndWait(repo, Releasing, "first");
        var firstRun = Path.Combine(Site.CommitDir(repo.Name, first), "runs", Site.JobId(repo.Name, first));
        PushAndWait(repo, Releasing, "second");
        var failed = PushAndWait(repo, Build.Replace("echo built", "exit 3; echo"), "third fails");
        Assert.That(Site.ReadFile(repo.Name, failed, "status"), Is.EqualTo("failed\n"));
        Assert.That(File.ReadAllText(Path.Combine(firstRun, "artifacts", "out.txt")), Is.EqualTo($"built {first}\n"),
            "one of the last two deployments: kept beyond keep.runs");

        PushAndWait(repo, Releasing, "fourth");
        Wait.Until(() => !Directory.Exists(firstRun), $"retention to remove {firstRun}");
        AssertRefused($"the run of {first[..8]} in team/app, and its artifacts, were removed by retention (keep in {Site.ConfigPath})",
            "deploy", "team/app", first[..8], "--env", "staging");
    }

    /// <summary>A deploy job file written straight into the spool (tmp, then new), as root; returns its id.</summary>
    private string WriteDeployFile(BareRepo repo, string sha, string sourceJob)
    {
        var id = Cion.Core.Jobs.JobId.New(DateTimeOffset.UtcNow, sha).Value;
        var (tmp, target) = (Path.Combine(Site.Spool, "tmp", id + ".job"), Path.Combine(Site.Spool, "new", id + ".job"));
        Directory.CreateDirectory(Path.GetDirectoryName(tmp)!);
        File.WriteAllText(tmp, $"id={id}\nrepo={repo.Name}\nrepo_path={repo.Path}\nref=refs/heads/main\nold={new string('0', 40)}\nnew={sha}\n" +
            $"pushed_by=root\nqueued_at=2026-12-04T20:04:17Z\ndeploy_of={sourceJob}\nenvironment=staging\ndeploy_kind=deploy\nreason=by hand\n");
        File.Move(tmp, target);
        return id;
    }

    private string PushAndWait(BareRepo repo, string cionYml, string message)
    {
        var sha = CommitAndPush(repo, cionYml, message: message);
        Site.WaitForFinalStatus(repo.Name, sha);
        return sha;
    }

    /// <summary>Runs <c>cion deploy</c> or <c>rollback</c>, waits for the job it queued to succeed; returns its id.</summary>
    private string Deploy(params string[] args)
    {
        var queued = CionCli.Run(Site, args);
        Assert.That(queued.ExitCode, Is.Zero, queued.Output);
        var id = queued.Stdout.Split(' ')[2].TrimEnd(',');
        var status = Wait.Until(() => Directory.GetFiles(Path.Combine(Site.State, "jobs"), "status", SearchOption.AllDirectories)
            .FirstOrDefault(f => f.Contains(id, StringComparison.Ordinal) && File.ReadAllText(f).Trim() is "succeeded" or "failed" or "error" or "cancelled"),
            $"job {id} to end");
        Assert.That(File.ReadAllText(status), Is.EqualTo("succeeded\n"), File.ReadAllText(Path.Combine(Path.GetDirectoryName(status)!, "cion.log")));
        return id;
    }

    private void AssertRefused(string message, params string[] args)
    {
        var result = CionCli.Run(Site, args);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
        Assert.That(result.Stderr, Does.Contain(message));
    }

    private string RunFile(string repo, string sha, string id, string name) => Path.Combine(Site.CommitDir(repo, sha), "runs", id, name);

    private string ReadRun(string repo, string sha, string id, string name) => File.ReadAllText(RunFile(repo, sha, id, name));

    private string Ledger(string name) => File.ReadAllText(Path.Combine(Site.State, "deployments", "team", "app", "staging", name));
}
