using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// cion-web's resident memory: idle after its start, then while many clients follow a running
/// job's live log (a real job printing a line every 100 ms), and once they have gone. Three rounds of
/// the same followers on the same cion-web show whether what a round leaves behind grows from one to the next.
/// </summary>
public static class WebMemory
{
    private const int Rounds = 3;

    public static void Run(Report report, int clients, TimeSpan follow)
    {
        using var site = new Site("webmem");
        var (_, work) = site.CreateRepo("team/app");
        site.StartDaemon();
        using var web = WebProcess.Start(site);
        Thread.Sleep(2000); // what it holds once started, before anyone asks for anything
        var idle = MemorySampler.RssMiB(web.Pid);

        // Long enough for every round; cancelled once they are over.
        using var job = StampedJob.Push(site, "team/app", work, lines: 6000, timeout: "15m").WaitForLines(20);
        var rounds = new List<(double Before, double Peak, double After, double CpuPercent, long Bytes)>();
        for (var round = 1; round <= Rounds; round++)
        {
            var before = MemorySampler.RssMiB(web.Pid);
            using var sampler = new MemorySampler(web.Pid);
            double cpu;
            long bytes;
            using (var followers = new Followers(web.Url(job.PagePath), clients))
            {
                followers.WaitAllReading(TimeSpan.FromSeconds(60));
                var cpuStart = CpuTime.Seconds(web.Pid);
                Thread.Sleep(follow);
                cpu = (CpuTime.Seconds(web.Pid) - cpuStart) / follow.TotalSeconds * 100;
                if (followers.ReadingWithin(TimeSpan.FromSeconds(2)) is var live && live < clients)
                    throw new InvalidOperationException($"only {live} of {clients} followers were still receiving lines");
                bytes = followers.Bytes;
            }
            var peak = sampler.PeakMiB;
            Thread.Sleep(3000); // the connections are closed and their streams ended
            rounds.Add((before, peak, MemorySampler.RssMiB(web.Pid), cpu, bytes));
        }

        var peakAll = Math.Max(rounds.Max(r => r.Peak), MemorySampler.HighWaterMiB(web.Pid));
        var (first, last) = (rounds[0].After, rounds[^1].After);
        report.Add(new Row("web memory: RSS of `cion-web` idle after start", $"{idle:0.0} MiB", "–", "–", "≤ 40 MiB", idle <= 40));
        report.Add(new Row($"web memory: peak RSS with {clients} clients following a live log", $"{peakAll:0.0} MiB", "–", "–", "≤ 80 MiB", peakAll <= 80));
        report.Add(new Row($"web memory: RSS after the followers left, round 1 → round {Rounds}", $"{first:0.0} → {last:0.0} MiB", "–",
            $"{last / first:0.00}×", "no growth (≤ 1.1×)", last <= first * 1.1));
        report.Detail("Web memory", $"""
            cion-web's resident memory (VmRSS from /proc), MiB: {idle:0.0} two seconds after its start. Then, {Rounds} times,
            {clients} clients load the page of one running job (a line every 100 ms) and follow its event stream from there,
            as the page's script does, for {follow.TotalSeconds:0} s once all are receiving, and disconnect. "peak" is the highest
            of samples every 50 ms (the summary row also takes VmHWM), "after" is 3 s after they left. CPU is cion-web's
            user + system time while all {clients} followed, as a share of one core.

            | round | before | peak | after | cion-web CPU | streamed to all clients |
            |---|---|---|---|---|---|
            {string.Join("\n", rounds.Select((r, i) => $"| {i + 1} | {r.Before:0.0} | {r.Peak:0.0} | {r.After:0.0} | {r.CpuPercent:0}% | {r.Bytes / 1024.0 / 1024:0.0} MiB |"))}
            """);
    }
}
