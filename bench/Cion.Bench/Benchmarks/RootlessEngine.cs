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
    private const string BuildScript = """
        mkdir -p /tmp/i && cp /bin/busybox /tmp/i/
        printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nRUN echo built > /built\n' > /tmp/i/Dockerfile
        start=$(cut -d' ' -f1 /proc/uptime)
        DOCKER_BUILDKIT=0 docker build -q -t small /tmp/i
        awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "docker_build_ms=%d\n", (b - a) * 1000 }' 
        """;

    public static void Run(Report report, int jobs)
    {
        using var rootless = new Site("rootless", dind: $"  rootless_image: {Paths.DindRootless}\n  profile: rootless");
        using var root = new Site("root-engine", dind: "  profile: capabilities\n  trusted: ['**']");
        var lanes = new[] { (Site: rootless, Ready: new List<double>(), Build: new List<double>()), (Site: root, Ready: new List<double>(), Build: new List<double>()) };
        var works = lanes.Select(l => { var (_, work) = l.Site.CreateRepo("app"); l.Site.StartDaemon(); return work; }).ToArray();
        for (var i = -1; i < jobs; i++) // one warm-up round, not counted
        {
            for (var lane = 0; lane < lanes.Length; lane++)
            {
                var sha = Site.Commit(works[lane], ".cion.yml", $"""
                    build:
                      image: {Paths.Docker}
                      cmd: |
                    {Indent(BuildScript, "    ")}
                    # {i}

                    """);
                Proc.Git(works[lane], "push", "-q", "origin", "main");
                var dir = lanes[lane].Site.CommitDir("app", sha);
                var status = Results.WaitForFinal(dir, TimeSpan.FromMinutes(3), pollMs: 50);
                if (status != "succeeded")
                    throw new InvalidOperationException($"{lanes[lane].Site.Root}: job {sha} ended {status}:\n{Tail(dir, "cion.log")}\n{Tail(dir, "build.log")}");
                if (i < 0) continue;
                lanes[lane].Ready.Add(Results.Ms(Results.Result(dir), "build_engine_ready_ms"));
                lanes[lane].Build.Add(BuildMs(File.ReadAllText(Path.Combine(dir, "build.log"))));
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

    private static double BuildMs(string log) =>
        log.Split('\n').Where(l => l.StartsWith("docker_build_ms=", StringComparison.Ordinal))
            .Select(l => double.Parse(l["docker_build_ms=".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(double.NaN).First() is var ms && !double.IsNaN(ms) ? ms : throw new InvalidOperationException($"no docker_build_ms in the build log:\n{log}");

    private static string Tail(string dir, string log) =>
        File.Exists(Path.Combine(dir, log)) ? string.Join('\n', File.ReadLines(Path.Combine(dir, log)).TakeLast(15)) : $"({log} missing)";

    private static string Indent(string text, string by) => string.Join('\n', text.Split('\n').Select(l => by + l));
}
