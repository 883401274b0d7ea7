using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Issue 14's layer cache: one repository's consecutive jobs build the same Dockerfile, whose RUN
/// step sleeps 5 s, on a daemon with <c>dind.cache: repo</c>. The first job finds its cache empty
/// and runs the step; each later one (a new commit, the same Dockerfile) takes the layer from the
/// cache. Figure: the build step (build_ms in the result: engine start, emptying, the build) of
/// the later jobs against the first's. Reference in the same run: after each later job, the same
/// commit's config with <c>cache: false</c>, the clean engine every job had before issue 14.
/// </summary>
public static class LayerCache
{
    // A RUN step that takes 5 s when it runs, and none when its layer comes from the cache.
    private static readonly string BuildScript = TimedDockerBuild.Script("""RUN ["/bin/busybox","sleep","5"]\n""");

    public static void Run(Report report, int jobs)
    {
        // The root engine the other engine rows measure, with the layer cache every repository gets by default.
        using var site = new Site("cache", dind: "  profile: capabilities\n  trusted: ['**']\n  cache: repo");
        try
        {
            var (_, work) = site.CreateRepo("app");
            site.StartDaemon();
            var first = Build(site, work, "first", cache: true);
            var cached = new List<(double Step, double Docker, double Ready)>();
            var clean = new List<(double Step, double Docker, double Ready)>();
            for (var i = 1; i < jobs; i++)
            {
                cached.Add(Build(site, work, $"{i}", cache: true));
                clean.Add(Build(site, work, $"{i} without cache", cache: false));
            }
            Add(report, jobs, first, cached, clean);
        }
        finally
        {
            CacheLeftovers.Remove(site);
        }
    }

    private static void Add(Report report, int jobs, (double Step, double Docker, double Ready) first, List<(double Step, double Docker, double Ready)> cached, List<(double Step, double Docker, double Ready)> clean)
    {
        var (step, docker) = (new Stats(cached.Select(c => c.Step)), new Stats(cached.Select(c => c.Docker)));
        var (cleanStep, cleanDocker) = (new Stats(clean.Select(c => c.Step)), new Stats(clean.Select(c => c.Docker)));
        var ready = new Stats(cached.Concat(clean).Append(first).Select(c => c.Ready));
        var ratio = step.Median / first.Step;
        report.Add(new Row("layer cache: build step, unchanged Dockerfile with a 5 s RUN step, second and later builds", step.Describe(),
            $"{Stats.Fmt(first.Step)} ms (the first build, cache empty)", $"{ratio:0.00}×", "≤ 0.20×", ratio <= 0.20));
        report.Add(new Row("layer cache: the same later builds against `cache: false`", step.Describe(),
            cleanStep.Describe() + " (`cache: false`, same commits)", $"{step.Median / cleanStep.Median:0.00}×", "report", null));
        report.Detail("Layer cache", $"""
            One repository on a daemon with `dind.cache: repo` (root engine, capabilities profile), {jobs} jobs one after another,
            each a new commit building the same FROM scratch Dockerfile (COPY busybox, `RUN sleep 5`) with `docker build -q`.
            The first job's cache volume is new and empty; each later job is followed by the same build with `cache: false`.
            Build step (build_ms: the engine's start and emptying, and the build script): first {Stats.Fmt(first.Step)} ms,
            later ones {step.Describe()}, with `cache: false` {cleanStep.Describe()}.
            `docker build` alone, timed by the script: first {Stats.Fmt(first.Docker)} ms, later ones {docker.Describe()},
            with `cache: false` {cleanDocker.Describe()}. What is left of a cached build step is the engine's start, which the
            cache does not shorten (build_engine_ready_ms over all {jobs * 2 - 1} jobs: {ready.Describe()}, after its container's
            creation and start), and the build container's start and removal: warm engines (issue 14's second half) are what take the engine's part off.
            """);
    }

    /// <returns>The job's build step (build_ms), the <c>docker build</c> inside it and its engine's start (build_engine_ready_ms), in ms.</returns>
    private static (double Step, double Docker, double Ready) Build(Site site, string work, string marker, bool cache)
    {
        var dir = JobPush.PushAndWait(site, "app", work, $"""
            {(cache ? "" : "cache: false\n")}build:
              image: {Paths.Docker}
              cmd: |
            {JobPush.Indent(BuildScript, "    ")}
            # {marker}

            """, TimeSpan.FromMinutes(3));
        var result = Results.Result(dir);
        return (Results.Ms(result, "build_ms"), TimedDockerBuild.Ms(File.ReadAllText(Path.Combine(dir, "build.log"))), Results.Ms(result, "build_engine_ready_ms"));
    }
}
