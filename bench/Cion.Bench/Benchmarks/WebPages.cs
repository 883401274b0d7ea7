using System.Diagnostics;
using System.Text;
using Cion.Bench.Support;
using Cion.Core.Queries;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// cion-web's pages over the big history (<see cref="HistorySite"/>: 100,000 finished runs in 10 repos), timed by
/// a client on loopback from sending the request to holding the whole page: the overview, a repo's
/// first page of 50 runs, and the job page of that repo's newest run, given a build log of a usual size.
/// </summary>
public static class WebPages
{
    private const int LogLines = 2000;

    public static void Run(Report report, HistorySite history, int requests)
    {
        var (site, runs, generated) = (history.Site, history.Runs, history.GeneratedMs);
        var newest = new StateReader(history.Layout).NewestFirst("team/repo3").First();
        var logBytes = WriteBuildLog(newest.Paths.BuildLog);
        var id = newest.Job.Id.Value;
        var pages = new (string Label, string Path, string Expect, double Goal)[]
        {
            ("`/` (overview)", "/", "team/repo9", 300),
            ("`/team/repo3` (repo, first page)", "/team/repo3", id, 300),
            ("a job page (`/team/repo3/-/jobs/ID`)", $"/team/repo3/-/jobs/{id}", $"line {LogLines - 1} ", 20),
        };
        using var web = WebProcess.Start(site);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var times = pages.Select(_ => new List<double>()).ToArray();
        var sizes = new long[pages.Length];
        for (var round = -2; round < requests; round++) // two warm-up rounds; the pages take turns
            for (var p = 0; p < pages.Length; p++)
            {
                var (ms, body) = Get(http, web.Url(pages[p].Path));
                if (!body.Contains(pages[p].Expect, StringComparison.Ordinal))
                    throw new InvalidOperationException($"{pages[p].Path} lacks '{pages[p].Expect}'");
                sizes[p] = Encoding.UTF8.GetByteCount(body);
                if (round >= 0) times[p].Add(ms);
            }
        var lines = new List<string>();
        for (var p = 0; p < pages.Length; p++)
        {
            var stats = new Stats(times[p]);
            var figure = $"p50 {Stats.Fmt(stats.Median)} ms, p99 {Stats.Fmt(stats.Percentile(99))} ms";
            report.Add(new Row($"web page with {runs:N0} runs on disk: {pages[p].Label}", figure, "–", "–",
                $"≤ {pages[p].Goal:0} ms (p50)", stats.Median <= pages[p].Goal));
            lines.Add($"| {pages[p].Label} | {stats.Describe()} | {Stats.Fmt(stats.Percentile(99))} ms | {Stats.Fmt(stats.Max)} ms | {sizes[p] / 1024.0:0} KiB |");
        }
        report.Detail("Web pages", $"""
            The big history's {runs:N0} runs (generated in {generated / 1000:0} s; each repo's `latest` and `branches/main`
            lead to its newest run), served by cion-web; {requests} requests per page after two warm-up rounds, the
            pages taking turns, one at a time over one kept-alive loopback connection, each timed until the whole page is read.
            The job page's build log has {LogLines:N0} lines ({logBytes / 1024.0:0} KiB, one in ten coloured).

            | page | time | p99 | max | size |
            |---|---|---|---|---|
            {string.Join("\n", lines)}
            """);
    }

    private static (double Ms, string Body) Get(HttpClient http, Uri url)
    {
        var clock = Stopwatch.StartNew();
        using var response = http.Send(new HttpRequestMessage(HttpMethod.Get, url));
        var body = response.Content.ReadAsStringAsync().Result;
        var ms = clock.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
        return (ms, body);
    }

    /// <summary>A build log like a compiler's: numbered lines, every tenth one red (an ANSI escape the page turns into a span).</summary>
    private static long WriteBuildLog(string path)
    {
        var log = new StringBuilder();
        for (var i = 0; i < LogLines; i++)
            log.Append(i % 10 == 9 ? $"\u001b[31mline {i} warning: something to look at in src/module{i % 37}.cs\u001b[0m\n"
                                   : $"line {i} compiling src/module{i % 37}.cs -> obj/module{i % 37}.o\n");
        File.WriteAllText(path, log.ToString());
        return new FileInfo(path).Length;
    }
}
