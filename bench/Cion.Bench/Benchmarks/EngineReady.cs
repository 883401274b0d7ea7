using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// How long a job waits for its own Docker engine (build_engine_ready_ms in its result: from
/// creating the engine container to its first answer), against a bare <c>docker run --rm</c>
/// of the same image. Reported, no goal: the engine's own start-up dominates.
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
            var (runMs, _) = Proc.Timed("docker", ["run", "--rm", "--entrypoint", "true", Paths.Dind]);
            if (i < 0) continue;
            ready.Add(Results.Ms(Results.Result(dir), "build_engine_ready_ms"));
            bare.Add(runMs);
        }
        var (r, b) = (new Stats(ready), new Stats(bare));
        report.Add(new Row("per-job engine: until it answers", r.Describe(), b.Describe() + " (`docker run --rm` of the image)",
            $"{r.Median / b.Median:0.0}×", "report", null));
        report.Detail("Per-job engine", $"""
            {jobs} jobs with a per-job engine ({Paths.Dind}: Debian's dockerd 20.10), one after another.
            Engine ready (build_engine_ready_ms): {r.Describe()}. `docker run --rm` of the same image running `true`: {b.Describe()}.
            The difference is dockerd's own start-up inside the container (it answers /_ping once its
            storage and networking are set up); cion polls the socket every few milliseconds.
            """);
    }
}
