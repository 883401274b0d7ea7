using System.Diagnostics;
using System.Globalization;

namespace Cion.Bench.Support;

/// <summary>
/// What issue 16's figures would be without cion: the same containers started by hand on the swarm's workers,
/// and the same work as bare Swarm services made by hand through the manager.
/// </summary>
public static class SwarmFloors
{
    /// <summary>One <c>docker run --rm</c> of busybox <c>true</c> on an engine (null: the host's), the CLI's start included, in ms.</summary>
    public static double ContainerRun(string? engine)
    {
        var clock = Stopwatch.StartNew();
        Proc.Run("docker", [.. engine is null ? Array.Empty<string>() : ["-H", engine], "run", "--rm", "--network", "none", Paths.Busybox, "true"]);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// <paramref name="jobs"/> containers of busybox <paramref name="cmd"/> run by hand, two at a time on each engine,
    /// from the first start to the last exit (ms).
    /// </summary>
    public static double ContainersByHand(IReadOnlyList<string> engines, int jobs, params string[] cmd)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var slots = engines.SelectMany(engine => new[] { engine, engine }).Select(engine => Task.Run(() =>
        {
            while (Interlocked.Increment(ref next) < jobs)
                Proc.Run("docker", ["-H", engine, "run", "--rm", "--network", "none", Paths.Busybox, .. cmd]);
        }));
        Task.WaitAll([.. slots]);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// The spread's floor with Swarm in it: <paramref name="jobs"/> bare one-shot services (replicated-job, restart
    /// none, on the nodes labelled cion=runner) of busybox <paramref name="cmd"/>, all created at once through the
    /// manager's CLI. Each reserves half a worker's CPUs, so that Swarm itself keeps two on a node at a time (ciond
    /// counts <c>max_jobs_per_node</c> itself instead). Timed from the first create to the last task's completion as
    /// the manager stamped it, so the polling here adds nothing. Returns ms.
    /// </summary>
    public static double BareJobServices(string manager, int jobs, params string[] cmd)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, jobs).Select(i => $"cion-bench-floor-{run}-{i}").ToList();
        var worker = Proc.Run("docker", ["-H", manager, "node", "ls", "-q", "--filter", "role=worker"]).Split('\n')[0].Trim();
        var nanoCpus = long.Parse(Proc.Run("docker", ["-H", manager, "node", "inspect", "-f", "{{.Description.Resources.NanoCPUs}}", worker]).Trim(), CultureInfo.InvariantCulture);
        var reserve = (nanoCpus / 2 / 1e9).ToString("0.###", CultureInfo.InvariantCulture);
        var started = DateTimeOffset.UtcNow;
        try
        {
            Task.WaitAll([.. names.Select(name => Task.Run(() => Proc.Run("docker", ["-H", manager, "service", "create", "-d", "-q",
                "--no-resolve-image", "--name", name, "--mode", "replicated-job", "--restart-condition", "none", "--reserve-cpu", reserve,
                "--constraint", "node.labels.cion==runner", Paths.Busybox, .. cmd])))]);
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var states = Proc.Run("docker", ["-H", manager, "service", "ps", "--format", "{{.CurrentState}}", .. names])
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (states.Count(s => s.StartsWith("Complete", StringComparison.Ordinal)) >= jobs) break;
                if (states.FirstOrDefault(s => s.StartsWith("Failed", StringComparison.Ordinal) || s.StartsWith("Rejected", StringComparison.Ordinal)) is { } failed)
                    throw new InvalidOperationException($"a bare service's task ended {failed}");
                if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException("the bare services did not complete in 10 minutes");
                Thread.Sleep(500);
            }
            var tasks = Proc.Run("docker", ["-H", manager, "service", "ps", "-q", .. names]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var last = Proc.Run("docker", ["-H", manager, "inspect", "--type", "task", "-f", "{{.Status.Timestamp.UnixNano}}", .. tasks])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Max(ns => long.Parse(ns, CultureInfo.InvariantCulture));
            return (DateTimeOffset.FromUnixTimeMilliseconds(last / 1_000_000) - started).TotalMilliseconds;
        }
        finally
        {
            // A create that failed left no service of its name: the rest go, and the failure is what is reported.
            try { Proc.Run("docker", ["-H", manager, "service", "rm", .. names]); }
            catch (InvalidOperationException) { }
        }
    }
}
