using System.Diagnostics;
using System.Globalization;

namespace Cion.Bench.Support;

/// <summary>
/// Issue 16's test swarm (scripts/swarm-up.sh: a drained manager and workers labelled cion=runner, each a
/// Docker-in-Docker container) and a bench site whose jobs run on it with <c>runner: swarm</c>.
/// The swarm is left up, as CION_KEEP_SWARM=1 leaves it for the tests.
/// </summary>
public static class SwarmSite
{
    public const string RunnerImage = "cion/runner:test";

    /// <summary>Brings the swarm to <paramref name="workers"/> healthy workers holding the job's images; returns the manager's endpoint.</summary>
    public static string Up(int workers)
    {
        var script = Path.Combine(Paths.RepoRoot, "scripts", "swarm-up.sh");
        var output = Proc.Run("bash", [script, workers.ToString(CultureInfo.InvariantCulture), Paths.Busybox, Paths.Docker, RunnerImage],
            env: new Dictionary<string, string> { ["CION_SWARM_TIMEOUT"] = "300" });
        // Proc.Run's output holds the script's progress (stderr) too, in no fixed order: the endpoint is the tcp:// line.
        var manager = output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("tcp://", StringComparison.Ordinal));
        RemoveLeftRunners(manager);
        return manager;
    }

    /// <summary>
    /// Removes the runner services of bench sites (their <c>cion.state</c> label under the bench's temp folder): a bench
    /// run that died left its daemon's runners up, holding runner ports on the nodes. One bench runs at a time, so
    /// none is live here. Removing a service stops its runner, which removes the job's things on its node.
    /// </summary>
    private static void RemoveLeftRunners(string manager)
    {
        var benchRoot = Path.Combine(Path.GetTempPath(), "cion-bench") + "/";
        var ids = Proc.Run("docker", ["-H", manager, "service", "ls", "-q"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0) return;
        var services = Proc.Run("docker", ["-H", manager, "service", "inspect", "-f", "{{.ID}} {{index .Spec.Labels \"cion.state\"}}", .. ids]);
        foreach (var line in services.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (line.Split(' ', 2) is [var id, var state] && state.StartsWith(benchRoot, StringComparison.Ordinal))
                Proc.Run("docker", ["-H", manager, "service", "rm", id]);
    }

    /// <summary>A site (<c>docker: false</c> jobs need no dind, but the config keeps its map) whose jobs run on the swarm.</summary>
    public static Site Create(string name, string manager, int concurrency, int maxJobsPerNode)
    {
        var site = new Site(name, concurrency);
        File.AppendAllText(site.ConfigPath, $"""

            docker: {manager}
            runner: swarm
            swarm:
              runner_image: {RunnerImage}
              max_jobs_per_node: {maxJobsPerNode}
              place_timeout: 2m

            """);
        return site;
    }

    /// <summary>A job's .cion.yml: a build of busybox running <paramref name="cmd"/> without an engine, and no release.</summary>
    public static string BuildOnly(string cmd, string marker) => $"""
        build:
          image: {Paths.Busybox}
          docker: false
          cmd: "{cmd}"
        # {marker}

        """;

    /// <summary>One root commit per job on its own branch (s001, s002, …), each building <paramref name="cmd"/>; returns their shas.</summary>
    public static List<string> OnBranches(string work, int jobs, string cmd, string marker)
    {
        var shas = new List<string>();
        for (var i = 1; i <= jobs; i++)
        {
            Proc.Git(work, "checkout", "-q", "--orphan", $"s{i:000}");
            shas.Add(Site.Commit(work, ".cion.yml", BuildOnly(cmd, $"{marker} {i}")));
        }
        return shas;
    }

    /// <summary>Waits until every job is final and succeeded; returns the latest finished_at.</summary>
    public static DateTimeOffset WaitAll(Site site, string repo, IReadOnlyList<string> shas, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = DateTimeOffset.MinValue;
        foreach (var sha in shas)
        {
            var dir = site.CommitDir(repo, sha);
            var status = Results.WaitForFinal(dir, deadline - DateTime.UtcNow + TimeSpan.FromSeconds(1), pollMs: 50);
            if (status != "succeeded") throw new InvalidOperationException($"{site.Root}: job {sha} ended {status}:\n{JobPush.Tail(dir, "cion.log")}");
            var end = Results.Time(Results.Result(dir), "finished_at");
            if (end > last) last = end;
        }
        return last;
    }

    /// <summary>The time cion.log stamped on its first line containing <paramref name="text"/>, if there is one yet.</summary>
    public static DateTimeOffset? LogTime(string runDir, string text)
    {
        var path = Path.Combine(runDir, "cion.log");
        if (!File.Exists(path)) return null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            if (line.Contains(text, StringComparison.Ordinal))
                return DateTimeOffset.Parse(line[..line.IndexOf(' ')], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return null;
    }

    /// <summary>A worker's own engine (scripts/swarm-up.sh's nodes listen on TCP 2375), by hand rather than through a runner.</summary>
    public static string WorkerEngine(string worker) =>
        $"tcp://{Proc.Run("docker", ["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", worker]).Trim().Split(' ')[0]}:2375";
}
