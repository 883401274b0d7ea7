namespace Cion.Bench.Support;

/// <summary>
/// A build script that runs <c>docker build -q</c> of a FROM scratch image (no registry to pull from:
/// the build's own busybox is copied in) and prints how long the command took, timed inside the
/// build so that checkout and the engine's start are left out. busybox's date has no %N: /proc/uptime's centiseconds.
/// </summary>
public static class TimedDockerBuild
{
    private const string Key = "docker_build_ms";

    /// <param name="steps">The Dockerfile's lines after <c>COPY busybox /bin/busybox</c>, each ending in a printf <c>\n</c>.</param>
    public static string Script(string steps) => $$"""
        mkdir -p /tmp/i && cp /bin/busybox /tmp/i/
        printf 'FROM scratch\nCOPY busybox /bin/busybox\n{{steps}}' > /tmp/i/Dockerfile
        start=$(cut -d' ' -f1 /proc/uptime)
        DOCKER_BUILDKIT=0 docker build -q -t app /tmp/i
        awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "{{Key}}=%d\n", (b - a) * 1000 }'
        """;

    /// <summary>What <see cref="Script"/> printed into the build's log.</summary>
    public static double Ms(string log) =>
        log.Split('\n').Where(l => l.StartsWith(Key + "=", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(Key.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(double.NaN).First() is var ms && !double.IsNaN(ms) ? ms : throw new InvalidOperationException($"no {Key} in the build log:\n{log}");
}
