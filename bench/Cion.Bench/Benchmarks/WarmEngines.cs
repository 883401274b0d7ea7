using System.Text.RegularExpressions;
using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Issue 14's warm engines (<c>dind.warm</c>): after a job of a repository ends, an engine on a free
/// cache volume is started and kept waiting, so the repository's next job does not wait for dockerd.
/// Each measured job is pushed once a warm engine of the site runs and answers (polled, bounded), so
/// the figure is the one a repository's next push sees. Four figures: the engine's readiness at the
/// build's start, a job with <c>docker: true</c> against the same job without an engine, ciond's
/// memory through a burst of docker jobs, and what one idle warm engine holds.
/// </summary>
public static class WarmEngines
{
    // The root engine the other engine rows measure, on the layer cache, with warm engines.
    private const string Dind = "  profile: capabilities\n  trusted: ['**']\n  cache: repo\n  warm:\n    max: 2\n    idle: 10m";

    private static readonly TimeSpan WarmBound = TimeSpan.FromSeconds(60);

    public static void Run(Report report, int jobs, int burst)
    {
        using var site = new Site("warm", dind: Dind);
        try
        {
            var (_, work) = site.CreateRepo("app");
            site.StartDaemon();
            ReadyAndCost(report, site, work, jobs);
            NetworkFloor(report, jobs);
            Memory(report, site, work, burst);
            Held(report, site);
        }
        finally
        {
            CacheLeftovers.Remove(site);
        }
    }

    /// <summary>Rounds of a docker job then the same job with <c>docker: false</c>, each pushed once a warm engine waits.</summary>
    private static void ReadyAndCost(Report report, Site site, string work, int jobs)
    {
        var (ready, withEngine, without) = (new List<double>(), new List<double>(), new List<double>());
        var cold = double.NaN;
        var misses = 0;
        for (var i = -1; i < jobs; i++) // the first job finds no warm engine: the cold reference, not counted
        {
            if (i >= 0 && WaitForWarm(site) is null) misses++;
            var docker = Results.Result(JobPush.PushAndWait(site, "app", work, Config(docker: true, $"{i}"), TimeSpan.FromMinutes(2)));
            if (WaitForWarm(site) is null) misses++;
            var plain = Results.Result(JobPush.PushAndWait(site, "app", work, Config(docker: false, $"{i} no engine"), TimeSpan.FromMinutes(2)));
            if (i < 0)
            {
                cold = Results.Ms(docker, "build_engine_ready_ms");
                continue;
            }
            ready.Add(Results.Ms(docker, "build_engine_ready_ms"));
            withEngine.Add(Results.Ms(docker, "duration_ms"));
            without.Add(Results.Ms(plain, "duration_ms"));
        }
        // A job on a warm engine may not time a start it did not wait for: count what it recorded.
        var timed = ready.Where(ms => !double.IsNaN(ms)).ToList();
        var r = timed.Count > 0 ? new Stats(timed) : null;
        report.Add(new Row("warm engines: engine ready at the build's start, a repository's consecutive docker jobs",
            r is null ? "not recorded" : $"{r.Describe()}, p90 {Stats.Fmt(r.Percentile(90))} ms", $"{Stats.Fmt(cold)} ms (the first job, no warm engine yet)",
            r is null ? "–" : $"{r.Median / cold:0.00}×", "p50 ≤ 50 ms", r is null ? false : r.Median <= 50));
        var (w, p) = (new Stats(withEngine), new Stats(without));
        report.Add(new Row("warm engines: a job with `docker: true` on a warm engine against `docker: false`", w.Describe(),
            p.Describe() + " (`docker: false`, same image)", $"{w.Median / p.Median:0.00}×", "≤ 1.15×", w.Median / p.Median <= 1.15));
        var later = r is null ? "did not record it" : $"{r.Describe()} ({timed.Count} of {ready.Count} recorded it)";
        report.Detail("Warm engines", $"""
            One repository on a daemon with `dind.cache: repo`, `dind.warm.max: 2` and `dind.warm.idle: 10m` (root engine, capabilities
            profile). {jobs} rounds after a first, cold one; each round pushes a build with `docker: true` running
            `true` (the engine there, unused), then the same build with `docker: false`, each once a warm engine of the site
            runs and answers `/_ping` (polled every 100 ms, at most {WarmBound.TotalSeconds:0} s; {misses} pushes found none in time).
            Engine ready (build_engine_ready_ms): the cold first job {Stats.Fmt(cold)} ms; the later ones
            {later}.
            Job time (duration_ms, the result's started_at to finished_at): with the engine {w.Describe()}, without {p.Describe()}.
            """);
    }

    /// <summary>
    /// The floor under the ratio above: a step that can reach its engine as <c>docker</c> must be on a user-defined
    /// network (Docker's name resolution lives there; the default bridge is every container's), and joining one costs
    /// a container's start more than the default bridge does. The same `docker run --rm` of the step's image either
    /// way, one after the other in each round.
    /// </summary>
    private static void NetworkFloor(Report report, int rounds)
    {
        var network = $"cion-bench-floor-{Environment.ProcessId}";
        Proc.Run("docker", ["network", "create", network]);
        try
        {
            var (bridge, named) = (new List<double>(), new List<double>());
            for (var i = 0; i < rounds; i++)
            {
                bridge.Add(Proc.Timed("docker", ["run", "--rm", Paths.Docker, "true"]).Ms);
                named.Add(Proc.Timed("docker", ["run", "--rm", "--network", network, Paths.Docker, "true"]).Ms);
            }
            var (n, b) = (new Stats(named), new Stats(bridge));
            report.Add(new Row("warm engines, the floor: the step's container on a network of its own against the default bridge (`docker run --rm`)",
                n.Describe(), b.Describe() + " (default bridge)", $"{n.Median / b.Median:0.00}×", "report", null));
        }
        finally
        {
            Proc.Run("docker", ["network", "rm", network]);
        }
    }

    /// <summary>A burst of docker jobs, one branch each, pushed at once: ciond's peak memory while warm engines come and go.</summary>
    private static void Memory(Report report, Site site, string work, int burst)
    {
        WaitForWarm(site);
        var idle = MemorySampler.RssMiB(site.DaemonPid);
        var shas = new List<string>();
        for (var i = 1; i <= burst; i++)
        {
            Proc.Git(work, "checkout", "-q", "-B", $"w{i:000}", "main");
            shas.Add(Site.Commit(work, ".cion.yml", Config(docker: true, $"burst {i}")));
        }
        Proc.Git(work, "checkout", "-q", "main");
        double peak;
        using (var sampler = new MemorySampler(site.DaemonPid))
        {
            Proc.Git(work, "push", "-q", "origin", "--all");
            WaitForAll(site, shas, TimeSpan.FromMinutes(20));
            peak = Math.Max(sampler.PeakMiB, MemorySampler.HighWaterMiB(site.DaemonPid));
        }
        report.Add(new Row($"warm engines: peak RSS of `ciond` through a burst of {burst} docker jobs", $"{peak:0.0} MiB",
            $"{idle:0.0} MiB (idle, before the burst)", "–", "≤ 80 MiB", peak <= 80));
    }

    /// <summary>One idle warm engine: its container's memory and its cache volume's size. Reported, no goal.</summary>
    private static void Held(Report report, Site site)
    {
        if (WaitForWarm(site) is not { } id)
        {
            report.Add(new Row("warm engines: what one idle warm engine holds", $"no warm engine within {WarmBound.TotalSeconds:0} s", "–", "–", "report", null));
            return;
        }
        var memory = Proc.Run("docker", ["stats", "--no-stream", "--format", "{{.MemUsage}}", id]).Trim();
        var volume = Proc.Run("docker", ["inspect", "-f", "{{range .Mounts}}{{.Name}} {{end}}", id])
            .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(n => n.StartsWith("cion-cache-", StringComparison.Ordinal));
        // du from a container: the volume's files belong to the engine's root, wherever its data lives on the host.
        var kib = volume is null ? double.NaN
            : double.Parse(Proc.Run("docker", ["run", "--rm", "-v", $"{volume}:/v:ro", Paths.Busybox, "du", "-sk", "/v"]).Split('\t')[0]);
        report.Add(new Row("warm engines: what one idle warm engine holds", $"memory {memory}; cache volume {kib / 1024:0.0} MiB on disk",
            "–", "–", "report", null));
    }

    /// <summary>
    /// The same image and command either way (`true`: the engine is there, not used), so the difference is the engine:
    /// its take or start, the network the step joins it on, its removal. What the build does with it is the build's time.
    /// </summary>
    private static string Config(bool docker, string marker) => $"""
        build:
          image: {Paths.Docker}
          docker: {(docker ? "true" : "false")}
          cmd: "true"
        # {marker}

        """;

    /// <summary>
    /// A warm engine of this site that runs and answers, or null after the bound. A taken one is
    /// renamed to its job's engine (cion-JOBID-docker) and is not counted.
    /// </summary>
    private static string? WaitForWarm(Site site)
    {
        var deadline = DateTime.UtcNow + WarmBound;
        while (DateTime.UtcNow < deadline)
        {
            var lines = Proc.Run("docker", ["ps", "--filter", $"label={CacheLeftovers.WarmLabel}", "--filter", "status=running",
                "--format", "{{.ID}} {{.Names}} {{.Label \"cion.state\"}}"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var parts in lines.Select(l => l.Split(' ', 3)))
                if (parts.Length == 3 && parts[2].StartsWith(site.Root, StringComparison.Ordinal) && !JobContainer.IsMatch(parts[1]) && Answers(parts[0]))
                    return parts[0];
            Thread.Sleep(100);
        }
        return null;
    }

    private static readonly Regex JobContainer = new(@"^cion-\d{8}-\d{6}");

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };

    /// <summary>Whether its dockerd answers on the engine port, on any of its networks.</summary>
    private static bool Answers(string id)
    {
        // Only real addresses: the output ends in a newline, and a network may not have given one yet.
        var ips = Proc.Run("docker", ["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", id])
            .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(ip => System.Net.IPAddress.TryParse(ip, out _));
        foreach (var ip in ips)
        {
            try
            {
                if (Http.GetAsync($"http://{ip}:2375/_ping").Result.IsSuccessStatusCode) return true;
            }
            catch (AggregateException) { }
        }
        return false;
    }

    private static void WaitForAll(Site site, IReadOnlyList<string> shas, TimeSpan timeout)
    {
        var pending = shas.Select(sha => site.CommitDir("app", sha)).ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (pending.Count > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{pending.Count} burst jobs did not finish");
            pending.RemoveAll(Results.IsFinal);
            Thread.Sleep(100);
        }
        var failed = shas.Where(sha => Results.Status(site.CommitDir("app", sha)) != "succeeded").ToList();
        if (failed.Count > 0) throw new InvalidOperationException($"{failed.Count} burst jobs did not succeed, e.g. {site.CommitDir("app", failed[0])}");
    }
}
