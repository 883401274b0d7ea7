using System.Diagnostics;
using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// How long a job waits for its own Docker engine (build_engine_ready_ms in its result: from
/// the engine container's start to its first answer), against the same engine started by
/// hand: <c>docker run -d</c> of the same image with the same capabilities (this host refuses
/// privileged containers), from its recorded start until <c>/_ping</c> answers (polled every
/// 5 ms). Reported, no goal.
/// </summary>
public static class EngineReady
{
    public static void Run(Report report, int jobs)
    {
        using var site = new Site("engine");
        var (_, work) = site.CreateRepo("engine");
        site.StartDaemon();
        var ready = new List<double>();
        var bare = new List<double>();
        var manual = new List<double>();
        for (var i = -1; i < jobs; i++)
        {
            var sha = Site.Commit(work, ".cion.yml", $"""
                build:
                  image: {Paths.Busybox}
                  cmd: "true"
                # {i}

                """);
            Proc.Git(work, "push", "-q", "origin", "main");
            var dir = site.CommitDir("engine", sha);
            var status = Results.WaitForFinal(dir, TimeSpan.FromMinutes(2), pollMs: 20);
            if (status != "succeeded") throw new InvalidOperationException($"engine job {sha} ended {status}");
            var byHand = EngineByHand();
            var (runMs, _) = Proc.Timed("docker", ["run", "--rm", "--entrypoint", "true", Paths.Dind]);
            if (i < 0) continue;
            ready.Add(Results.Ms(Results.Result(dir), "build_engine_ready_ms"));
            manual.Add(byHand);
            bare.Add(runMs);
        }
        var (r, m, b) = (new Stats(ready), new Stats(manual), new Stats(bare));
        report.Add(new Row("per-job engine: until it answers", r.Describe(), m.Describe() + " (the same engine started by hand)",
            $"{r.Median / m.Median:0.00}×", "report", null));
        report.Detail("Per-job engine", $"""
            {jobs} jobs with a per-job engine ({Paths.Dind}: Debian's dockerd 20.10), one after another.
            Engine ready (build_engine_ready_ms, from its container's start): {r.Describe()}. The same image and
            capabilities started with `docker run -d`, from its State.StartedAt until `/_ping` answers: {m.Describe()}. For scale, `docker run --rm`
            of the image running only `true`: {b.Describe()}: most of an engine's wait is dockerd's own start.
            """);
    }

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };

    /// <summary>
    /// From the moment the engine's container started (its State.StartedAt, as the engine records
    /// it) to the first answer: the same interval as cion's figure, which starts once its engine
    /// container is started, and without the CLI's own start-up on either side.
    /// </summary>
    private static double EngineByHand()
    {
        var id = Proc.Run("docker", ["run", "-d", "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
            "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined", "--security-opt", "systempaths=unconfined",
            "--device-cgroup-rule", "a *:* rwm", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", "-v", "/var/lib/docker",
            Paths.Dind, "dockerd", "--host=tcp://0.0.0.0:2375", "--tls=false"]).Trim();
        try
        {
            var facts = Proc.Run("docker", ["inspect", "-f", "{{.NetworkSettings.IPAddress}} {{.State.StartedAt}}", id]).Trim().Split(' ');
            var (ip, started) = (facts[0], DateTimeOffset.Parse(facts[1], System.Globalization.CultureInfo.InvariantCulture));
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (DateTimeOffset.UtcNow < deadline)
            {
                try
                {
                    if (Http.GetAsync($"http://{ip}:2375/_ping").Result.IsSuccessStatusCode) return (DateTimeOffset.UtcNow - started).TotalMilliseconds;
                }
                catch (AggregateException) { }
                Thread.Sleep(5);
            }
            throw new TimeoutException("the engine started by hand did not answer within 60 s");
        }
        finally
        {
            Proc.Run("docker", ["rm", "-f", "-v", id]);
        }
    }
}
