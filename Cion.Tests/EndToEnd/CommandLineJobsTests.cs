using System.Text.Json;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>The <c>cion</c> verbs that read the state directory and write the spool, with no daemon socket.</summary>
public sealed class CommandLineJobsTests : EndToEndTest
{
    private const string Passing = "build: {image: cion-test/busybox, docker: false, cmd: 'echo build output for $CION_SHA'}\n";
    private const string Failing = "build: {image: cion-test/busybox, docker: false, cmd: 'echo broken; exit 2'}\n";

    [Test]
    public void JobsAndShow_ListNewestFirst_FilterByStatus_AndAnswerInJson()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var good = CommitAndPush(repo, Passing, message: "good");
        Site.WaitForFinalStatus(repo.Name, good);
        var bad = CommitAndPush(repo, Failing, message: "bad");
        Site.WaitForFinalStatus(repo.Name, bad);

        var all = CionCli.Json(Site, "jobs", "team/app", "--json");
        Assert.That(all.EnumerateArray().Select(j => j.GetProperty("sha").GetString()), Is.EqualTo(new[] { bad, good }));
        Assert.That(all[0].GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(all[0].GetProperty("build_exit").GetString(), Is.EqualTo("2"));
        Assert.That(all[1].GetProperty("duration_ms").GetInt64(), Is.GreaterThan(0));
        var failed = CionCli.Json(Site, "jobs", "--status", "failed", "--json");
        Assert.That(failed.GetArrayLength(), Is.EqualTo(1));
        Assert.That(CionCli.Json(Site, "jobs", "--limit", "1", "--json").GetArrayLength(), Is.EqualTo(1));

        var human = CionCli.Run(Site, "jobs");
        Assert.That(human.Stdout, Does.StartWith("REPO").And.Contain(good[..7]).And.Contain("succeeded").And.Not.Contain("\u001b["),
            "no colours when the output is not a terminal");
        Assert.That(human.Stdout.Split('\n').Max(l => l.Length), Is.LessThanOrEqualTo(80));

        var show = CionCli.Run(Site, "show", $"team/app@{good[..8]}");
        Assert.That(show.ExitCode, Is.Zero);
        Assert.That(show.Stdout, Does.Contain($"sha:            {good}").And.Contain("build:          exit 0"));
        Assert.That(CionCli.Run(Site, "show", "team/app@main").ExitCode, Is.EqualTo(4), "the branch's latest job failed");
        var shown = CionCli.Json(Site, "show", "team/app", "--json");
        Assert.That(shown.GetProperty("sha").GetString(), Is.EqualTo(bad));
        Assert.That(shown.GetProperty("run_dir").GetString(), Does.StartWith(Site.State));
        Assert.That(CionCli.Run(Site, "show", "team/nothing").ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void Show_ListsTheCandidates_WhenAShaPrefixIsAmbiguous()
    {
        var repo = Site.CreateRepo();
        repo.Write(".cion.yml", Passing);
        // Make commits until two share a first hex digit, then push both.
        var byDigit = new Dictionary<char, string>();
        string first, second;
        while (true)
        {
            var sha = repo.Commit($"commit {byDigit.Count}");
            if (byDigit.TryGetValue(sha[0], out var earlier)) { (first, second) = (earlier, sha); break; }
            byDigit[sha[0]] = sha;
        }
        Assert.That(Shell.Run("git", ["push", "origin", $"{first}:refs/heads/one", $"{second}:refs/heads/two"], repo.WorkTree).ExitCode, Is.Zero);
        Site.StartDaemon();
        Site.WaitForFinalStatus(repo.Name, first);
        Site.WaitForFinalStatus(repo.Name, second);

        var ambiguous = CionCli.Run(Site, "show", $"team/app@{first[0]}");

        Assert.That(ambiguous.ExitCode, Is.EqualTo(1));
        Assert.That(ambiguous.Stderr, Does.Contain($"'{first[0]}' fits 2 commits").And.Contain(first[..12]).And.Contain(second[..12]));
    }

    [Test]
    public void Logs_PrintsAStep_AndFollowsARunningJobAsItWrites()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo first; sleep 3; echo last'}\n");
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("first") == true, "the build to start");

        using var follow = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Binaries.Cion,
            ["logs", "-f", "team/app@main", "--config", Site.ConfigPath]) { RedirectStandardOutput = true })!;
        Assert.That(follow.StandardOutput.ReadLine(), Is.EqualTo("first"));
        Assert.That(Site.ReadFile(repo.Name, sha, "status"), Is.EqualTo("running\n"), "the first line came while the build still ran");
        Assert.That(follow.StandardOutput.ReadToEnd(), Is.EqualTo("last\n"));
        follow.WaitForExit();

        Assert.That(follow.ExitCode, Is.Zero, "the job succeeded");
        Assert.That(CionCli.Run(Site, "logs", "team/app").Stdout, Is.EqualTo("first\nlast\n"));
        Assert.That(CionCli.Run(Site, "logs", "team/app", "cion").Stdout, Does.Contain("finished: succeeded"));
    }

    [Test]
    public void Retry_QueuesTheSameCommitAgain_AsANewRunBesideTheFirst()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, Passing);
        Site.WaitForFinalStatus(repo.Name, sha);
        var firstId = Site.JobId(repo.Name, sha);

        var retry = CionCli.Run(Site, "retry", "team/app@main");

        Assert.That(retry.ExitCode, Is.Zero, retry.Output);
        Wait.Until(() => Site.JobId(repo.Name, sha) != firstId, "the retry to become the commit's latest run");
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"));
        Assert.That(Directory.GetDirectories(Path.Combine(Site.CommitDir(repo.Name, sha), "runs")), Has.Length.EqualTo(2));
        Assert.That(CionCli.Json(Site, "show", "team/app", "--json").GetProperty("retry_of").GetString(), Is.EqualTo(firstId));
    }

    [Test]
    public void Queue_ShowsWhatWaits_WhileTheDaemonIsDown()
    {
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, Passing);

        var queue = CionCli.Json(Site, "queue", "--json");

        Assert.That(queue.GetArrayLength(), Is.EqualTo(1));
        Assert.That(queue[0].GetProperty("sha").GetString(), Is.EqualTo(sha));
        Assert.That(queue[0].GetProperty("state").GetString(), Is.EqualTo("waiting"));
        Assert.That(CionCli.Run(Site, "queue").Stdout, Does.Contain("waiting").And.Contain("team/app").And.Contain(sha[..7]));
    }

    [Test]
    public void Jobs_ColoursTheStatus_OnlyOnATerminal_AndNeverWithNoColor()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        Site.WaitForFinalStatus(repo.Name, CommitAndPush(repo, Passing));
        // script(1) gives the command a pseudo-terminal, as a person's shell would.
        var command = $"{Binaries.Cion} jobs --config {Site.ConfigPath}";

        var onTerminal = Shell.Run("script", ["-qec", command, "/dev/null"], env: new Dictionary<string, string?> { ["TERM"] = "xterm", ["NO_COLOR"] = null });
        var noColor = Shell.Run("script", ["-qec", command, "/dev/null"], env: new Dictionary<string, string?> { ["TERM"] = "xterm", ["NO_COLOR"] = "1" });

        Assert.That(onTerminal.Stdout, Does.Contain("\u001b[32msucceeded\u001b[0m"));
        // (.NET itself may switch the terminal's keypad mode; what must be missing are colour codes.)
        Assert.That(noColor.Stdout, Does.Contain("succeeded").And.Not.Match(@"\u001b\[\d+m"));
    }
}
