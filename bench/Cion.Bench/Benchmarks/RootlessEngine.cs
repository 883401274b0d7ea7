using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// What the rootless per-job engine (issue 13) costs against the root one it replaced, in the
/// same run, jobs alternating between two daemons: one on <c>dind.profile: rootless</c>, one on
/// the capabilities profile (the root engine this host allows). Two figures:
/// the engine's readiness (build_engine_ready_ms in the job's result), and a small
/// <c>docker build</c> inside the build, timed by the build itself around the command, so
/// checkout and engine start are left out (busybox's date has no %N: /proc/uptime's centiseconds). Rootless overlay in a user namespace has no native
/// diff, so the build is where rootless costs most.
/// </summary>
public static class RootlessEngine
{
    // A FROM scratch image of the build's own busybox with two layers of its own: what a small
    // project's Dockerfile asks of the engine's storage (unpack, copy, run, commit).
    private static readonly string BuildScript = TimedDockerBuild.Script("""RUN ["/bin/busybox","--install","-s","/bin"]\nRUN echo built > /built\n""");

    public static void Run(Report report, int jobs)
    {
        // No layer cache (issue 14): every build here starts on an empty engine, so the build's
        // figure is the storage's work, not a cache hit.
        using var rootless = new Site("rootless", dind: $"  rootless_image: {Paths.DindRootless}\n  profile: rootless\n  cache: off");
        using var root = new Site("root-engine", dind: "  profile: capabilities\n  trusted: ['**']\n  cache: off");
        var lanes = new[] { (Site: rootless, Ready: new List<double>(), Build: new List<double>()), (Site: root, Ready: new List<double>(), Build: new List<double>()) };
        var works = lanes.Select(l => { var (_, work) = l.Site.CreateRepo("app"); l.Site.StartDaemon(); return work; }).ToArray();
        for (var i = -1; i < jobs; i++) // one warm-up round, not counted
        {
            for (var lane = 0; lane < lanes.Length; lane++)
            {
                var dir = JobPush.PushAndWait(lanes[lane].Site, "app", works[lane], $"""
                    build:
                      image: {Paths.Docker}
                      cmd: |
                    {JobPush.Indent(BuildScript, "    ")}
                    # {i}

                    """, TimeSpan.FromMinutes(3));
                if (i < 0) continue;
                lanes[lane].Ready.Add(Results.Ms(Results.Result(dir), "build_engine_ready_ms"));
                lanes[lane].Build.Add(TimedDockerBuild.Ms(File.ReadAllText(Path.Combine(dir, "build.log"))));
            }
        }
        var (ready, readyRoot) = (new Stats(lanes[0].Ready), new Stats(lanes[1].Ready));
        var (build, buildRoot) = (new Stats(lanes[0].Build), new Stats(lanes[1].Build));
        report.Add(new Row("rootless engine: until it answers", ready.Describe(), readyRoot.Describe() + " (root engine, capabilities profile)",
            $"{ready.Median / readyRoot.Median:0.00}×", "≤ 1.2×", ready.Median / readyRoot.Median <= 1.2));
        report.Add(new Row("rootless engine: `docker build` of a small Dockerfile", build.Describe(), buildRoot.Describe() + " (root engine)",
            $"{build.Median / buildRoot.Median:0.00}×", "≤ 1.3×", build.Median / buildRoot.Median <= 1.3));
        report.Detail("Rootless engine", $"""
            {jobs} jobs on each of two daemons, alternating, after one warm-up job each: one with `dind.profile: rootless`
            ({Paths.DindRootless}: Debian's dockerd 20.10 inside rootlesskit and slirp4netns, as a user with subuid ranges),
            one with the capabilities profile ({Paths.Dind}, root dockerd). Engine ready (build_engine_ready_ms): {ready.Describe()}
            against {readyRoot.Describe()}. `docker build -q` of a FROM scratch image with a COPY and two RUN steps, timed by the
            build script around the command: {build.Describe()} against {buildRoot.Describe()}.
            """);
    }
}
