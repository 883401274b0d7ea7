using System.Diagnostics;
using System.Text.RegularExpressions;
using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Issue 15's <c>cion deploy</c>: from the command's start to the ledger's <c>current</c> naming the
/// deploy job, the moment the environment is said to run the build. Two trivial builds are pushed,
/// then deploys alternate between them, so each one changes what is deployed. Reference in the same
/// run, after each deploy: the same release container by hand, <c>docker run --rm</c> of busybox
/// <c>true</c> with the source build's artifacts mounted read-only, as the release gets them.
/// </summary>
public static partial class DeployLatency
{
    private const string Repo = "app", Environment = "production";

    public static void Run(Report report, int deploys)
    {
        using var site = new Site("deploy");
        var (_, work) = site.CreateRepo(Repo);
        site.StartDaemon();
        var builds = new[] { "first", "second" }
            .Select(marker => JobPush.PushAndWait(site, Repo, work, DirectJob.TrivialConfig() + $"# {marker}\n", TimeSpan.FromMinutes(2)))
            .Select(dir => (Job: Results.JobId(dir), Artifacts: Path.Combine(dir, "runs", Results.JobId(dir), "artifacts")))
            .ToArray();
        var (cion, direct, command) = (new List<double>(), new List<double>(), new List<double>());
        var phases = new PhaseTable("queue_wait", "config", "release_wait", "release", "cleanup"); // in the order they happen
        for (var i = -2; i < deploys; i++) // two warm-up deploys; the second build is current to begin with
        {
            var source = builds[(i + 2) % 2];
            var (took, queued, result) = DeployAndWait(site, source.Job, $"bench {i}");
            var reference = DirectJob.Container("-v", $"{source.Artifacts}:/cion/artifacts:ro");
            if (i < 0) continue;
            cion.Add(took);
            direct.Add(reference);
            command.Add(queued);
            phases.Add(result);
        }
        var (c, d, q) = (new Stats(cion), new Stats(direct), new Stats(command));
        report.Add(new Row("`cion deploy` of an earlier build: command → ledger's `current` names it", c.Describe(),
            d.Describe() + " (the release container by hand: `docker run --rm`)", $"{c.Median / d.Median:0.00}×", "report", null));
        report.Detail("cion deploy", $"""
            {deploys} deploys (after 2 warm-up ones) of two trivial builds in turn (release: busybox `true`), each followed
            by its reference. cion: from starting `cion deploy REPO JOB --env {Environment}` to `current` in the ledger naming
            the deploy job (polled every millisecond): {c.Describe()}. The command itself, to the job file's queued_at:
            {q.Describe()}. Reference: {d.Describe()}.
            Where the rest goes (medians of the deploy job's result, ms; release_wait is the one-release-per-environment gate):

            {phases.Markdown()}
            """);
    }

    /// <summary>
    /// Runs <c>cion deploy</c> of the job and waits for the ledger to name the deploy, then for the deploy
    /// job's end. Returns command start → <c>current</c> (ms), command start → queued_at (ms) and the deploy's result.
    /// </summary>
    private static (double Ms, double QueuedMs, IReadOnlyDictionary<string, string> Result) DeployAndWait(Site site, string job, string reason)
    {
        var current = Path.Combine(site.State, "deployments", Repo, Environment, "current");
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var said = Proc.Run(Paths.Cion, ["--config", site.ConfigPath, "deploy", Repo, job, "--env", Environment, "--reason", reason]);
        var id = Queued().Match(said) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"cion deploy said: {said}");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!(File.Exists(current) && File.ReadAllText(current).Contains($"job={id}\n", StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{current} did not name {id} in a minute");
            Thread.Sleep(1);
        }
        var took = clock.Elapsed.TotalMilliseconds;
        var sha = File.ReadAllText(current).Split('\n').First(l => l.StartsWith("sha=", StringComparison.Ordinal))[4..];
        var run = site.RunDir(Repo, sha, id);
        if (Results.WaitForFinal(run, TimeSpan.FromMinutes(1)) != "succeeded")
            throw new InvalidOperationException($"deploy {id} did not succeed:\n{JobPush.Tail(run, "cion.log")}");
        var result = Results.Result(run);
        return (took, (Results.Time(result, "queued_at") - started).TotalMilliseconds, result);
    }

    [GeneratedRegex(@"queued (\S+),")]
    private static partial Regex Queued();
}
