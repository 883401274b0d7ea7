using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Issue 15's notifications hold a job's slot until they end, so on a one-slot daemon they delay the
/// next queued job. Each round pushes a trivial job, then, once it runs, a trivial job of another
/// repository, which waits for the slot; the figure is how long the first held it (the second's
/// started_at less the first's), with one notification (busybox <c>true</c>, <c>on: [always]</c>)
/// against the same job without one. Floor in the same run: <c>docker run --rm</c> of busybox <c>true</c>.
/// </summary>
public static class NotifyHold
{
    private static readonly string Notify = $"""
        notify:
          - image: {Paths.Busybox}
            on: [always]
            cmd: "true"

        """;

    public static void Run(Report report, int rounds)
    {
        using var site = new Site("notify", concurrency: 1);
        var (_, first) = site.CreateRepo("first");
        var (_, next) = site.CreateRepo("next");
        site.StartDaemon();
        var (held, plain, floor) = (new List<double>(), new List<double>(), new List<double>());
        var (after, plainAfter) = (new List<double>(), new List<double>());
        for (var i = -1; i < rounds; i++) // one warm-up round
        {
            // Taking turns at going first, so a drift of the machine's speed moves both sides alike.
            var order = i % 2 == 0 ? new[] { true, false } : [false, true];
            foreach (var notify in order)
            {
                var (slot, afterEnd) = Hold(site, first, next, notify, $"{i} {notify}");
                if (i < 0) continue;
                (notify ? held : plain).Add(slot);
                (notify ? after : plainAfter).Add(afterEnd);
            }
            var container = DirectJob.Container();
            if (i >= 0) floor.Add(container);
        }
        var (n, p, a, pa, f) = (new Stats(held), new Stats(plain), new Stats(after), new Stats(plainAfter), new Stats(floor));
        report.Add(new Row("notifications: slot held on a 1-slot daemon by a trivial job with one notification (`on: [always]`)", n.Describe(),
            p.Describe() + " (the same job without it)", $"{n.Median / p.Median:0.00}×", "report", null));
        report.Detail("Notifications and the next job", $"""
            A daemon with `concurrency: 1`, {rounds} rounds after a warm-up, each pushing a trivial job (build and release busybox `true`)
            with one notification (busybox `true`, `on: [always]`) and the same job without it, in turns; once the job runs, a
            trivial job of another repository is pushed and waits for the slot. The slot's hold (the second job's started_at
            less the first's): with the notification {n.Describe()}, without {p.Describe()}, {n.Median - p.Median:0} ms more.
            From the first job's finished_at (status and result final, a notification not yet run) to the second's started_at:
            with the notification {a.Describe()}, without {pa.Describe()}. The floor, `docker run --rm` of busybox `true`: {f.Describe()}.
            """);
    }

    /// <returns>How long the first job held the slot (ms), and from its finished_at to the next job's start (ms).</returns>
    private static (double Slot, double AfterEnd) Hold(Site site, string first, string next, bool notify, string marker)
    {
        var sha = Site.Commit(first, ".cion.yml", DirectJob.TrivialConfig() + (notify ? Notify : "") + $"# {marker}\n");
        Proc.Git(first, "push", "-q", "origin", "main");
        var dir = site.CommitDir("first", sha);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (Results.Status(dir) is null or "queued")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{dir} did not start in a minute");
            Thread.Sleep(2);
        }
        var waiting = JobPush.PushAndWait(site, "next", next, DirectJob.TrivialConfig() + $"# {marker}\n", TimeSpan.FromMinutes(2));
        if (Results.WaitForFinal(dir, TimeSpan.FromMinutes(1)) != "succeeded")
            throw new InvalidOperationException($"job {sha} did not succeed:\n{JobPush.Tail(dir, "cion.log")}");
        if (notify && !File.ReadAllText(Path.Combine(dir, "cion.log")).Contains("notify: 1 of 1 notifications sent", StringComparison.Ordinal))
            throw new InvalidOperationException($"job {sha}'s notification was not sent:\n{JobPush.Tail(dir, "cion.log")}");
        var (held, then) = (Results.Result(dir), Results.Result(waiting));
        if (Results.Time(held, "finished_at") > Results.Time(then, "started_at"))
            throw new InvalidOperationException($"the next job started before {sha} ended: is concurrency 1?");
        var started = Results.Time(then, "started_at");
        return ((started - Results.Time(held, "started_at")).TotalMilliseconds, (started - Results.Time(held, "finished_at")).TotalMilliseconds);
    }
}
