using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Whether many people watching a job slow the daemon down: pickup (as <see cref="Pickup"/> times
/// it) and a trivial job's push → succeeded (as <see cref="TrivialJob"/> times it), with clients
/// following a running job's live log through cion-web against none, in one run on one daemon.
/// A chatty job (a line every 100 ms) runs throughout, so the only difference is the followers.
/// The samples without followers are split, half before and half after, so a drift of the machine
/// falls on both sides.
/// </summary>
public static class WebFollowers
{
    public static void Run(Report report, int clients, int pickups, int trivials)
    {
        using var site = new Site("webfollow");
        var (_, chattyWork) = site.CreateRepo("team/chatty");
        var (pickupBare, pickupWork) = site.CreateRepo("pickup", withHook: false);
        var pickupSha = Site.Commit(pickupWork, "README", "no .cion.yml here\n");
        Proc.Git(pickupWork, "push", "-q", "origin", "main");
        var (_, trivialWork) = site.CreateRepo("trivial");
        site.StartDaemon();
        using var web = WebProcess.Start(site);

        // Runs through all the samples; cancelled once they are taken.
        using var chatty = StampedJob.Push(site, "team/chatty", chattyWork, lines: 9000, timeout: "20m").WaitForLines(20);

        var work = new Workload(site, pickupBare, pickupSha, trivialWork);
        var (none, with) = (new Samples(), new Samples());
        work.Measure(new Samples(), "warm-up", 5, 2); // not kept
        work.Measure(none, "before", pickups / 2, trivials / 2);
        double cpu;
        using (var followers = new Followers(web.Url(chatty.PagePath), clients))
        {
            followers.WaitAllReading(TimeSpan.FromSeconds(60));
            Thread.Sleep(2000); // past the burst of page loads
            var (cpuStart, wallStart) = (CpuTime.Seconds(web.Pid), DateTime.UtcNow);
            work.Measure(with, "with", pickups, trivials);
            cpu = (CpuTime.Seconds(web.Pid) - cpuStart) / (DateTime.UtcNow - wallStart).TotalSeconds * 100;
            if (followers.ReadingWithin(TimeSpan.FromSeconds(2)) is var live && live < clients)
                throw new InvalidOperationException($"only {live} of {clients} followers were still receiving lines");
        }
        work.Measure(none, "after", pickups - pickups / 2, trivials - trivials / 2);

        var (p0, p1) = (new Stats(none.Pickups), new Stats(with.Pickups));
        var (t0, t1) = (new Stats(none.Trivials), new Stats(with.Trivials));
        report.Add(new Row($"pickup with {clients} live followers on cion-web", $"p50 {Stats.Fmt(p1.Median)} ms, p99 {Stats.Fmt(p1.Percentile(99))} ms",
            $"p50 {Stats.Fmt(p0.Median)} ms, p99 {Stats.Fmt(p0.Percentile(99))} ms (no followers)", $"{p1.Median / p0.Median:0.00}×", "≤ 1.05×", p1.Median <= p0.Median * 1.05));
        report.Add(new Row($"one trivial job: push → `succeeded`, {clients} live followers on cion-web", t1.Describe(), t0.Describe() + " (no followers)",
            $"{t1.Median / t0.Median:0.00}×", "≤ 1.05×", t1.Median <= t0.Median * 1.05));
        report.Detail("The daemon while people watch", $"""
            One ciond and one cion-web; a job in another repo prints a line every 100 ms throughout. {pickups} pickups
            and {trivials} trivial jobs with {clients} clients following that job (each loads its page, then follows its
            event stream from there), against as many without (half before the followers connect, half after they
            leave), after 5 + 2 warm-up samples. The clients run on the same machine. cion-web used {cpu:0}% of one
            core while they followed.

            | with {clients} followers / without | p50 | p90 | p99 |
            |---|---|---|---|
            | pickup | {Stats.Fmt(p1.Median)} / {Stats.Fmt(p0.Median)} ms | {Stats.Fmt(p1.Percentile(90))} / {Stats.Fmt(p0.Percentile(90))} ms | {Stats.Fmt(p1.Percentile(99))} / {Stats.Fmt(p0.Percentile(99))} ms |
            | trivial job | {Stats.Fmt(t1.Median)} / {Stats.Fmt(t0.Median)} ms | {Stats.Fmt(t1.Percentile(90))} / {Stats.Fmt(t0.Percentile(90))} ms | {Stats.Fmt(t1.Percentile(99))} / {Stats.Fmt(t0.Percentile(99))} ms |
            """);
    }

    private sealed class Samples
    {
        public List<double> Pickups { get; } = [];
        public List<double> Trivials { get; } = [];
    }

    /// <summary>What the daemon is timed at: pickups of a commit without .cion.yml, and trivial jobs pushed from a clone.</summary>
    private sealed record Workload(Site Site, string PickupBare, string PickupSha, string TrivialWork)
    {
        public void Measure(Samples into, string block, int pickups, int trivials)
        {
            for (var i = 0; i < pickups; i++)
                into.Pickups.Add(Pickup.Sample(Site, "pickup", PickupBare, PickupSha).Pickup);
            for (var i = 0; i < trivials; i++)
                into.Trivials.Add(TrivialJob.Push(Site, "trivial", TrivialWork, $"{block} {i}").Ms);
        }
    }
}
