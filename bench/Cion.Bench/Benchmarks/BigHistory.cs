using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// <c>cion jobs</c> (and its repo and status filters) over a state directory holding 100,000
/// finished runs (<see cref="HistorySite"/>).
/// </summary>
public static class BigHistory
{
    public static void Run(Report report, HistorySite history, int rounds)
    {
        var (site, runs, generated) = (history.Site, history.Runs, history.GeneratedMs);
        var queries = new (string Label, string[] Args)[]
        {
            ("`cion jobs`", ["jobs"]),
            ("`cion jobs REPO`", ["jobs", "team/repo3"]),
            ("`cion jobs --status failed`", ["jobs", "--status", "failed"]),
            ("`cion jobs --limit 100 --json`", ["jobs", "--limit", "100", "--json"]),
        };
        var lines = new List<string>();
        foreach (var (label, args) in queries)
        {
            var times = new List<double>();
            string output = "";
            for (var i = -1; i < rounds; i++)
            {
                (var ms, output) = Proc.Timed(Paths.Cion, ["--config", site.ConfigPath, .. args]);
                if (i >= 0) times.Add(ms);
            }
            if (output.Split('\n').Length < 20) throw new InvalidOperationException($"{label} printed too little:\n{output}");
            var stats = new Stats(times);
            lines.Add($"| {label} | {stats.Describe()} | {Stats.Fmt(stats.Max)} ms |");
            if (args.Length == 1)
                report.Add(new Row($"big history: `cion jobs` with {runs:N0} runs on disk", stats.Describe(), "–", "–", "≤ 1 s", stats.Percentile(90) <= 1000));
        }
        report.Detail("Big history", $"""
            {runs:N0} runs generated in {generated / 1000:0} s; each command run {rounds} times after one warm-up (the page
            cache is warm, as on a server that serves these commands often).

            | command | time | max |
            |---|---|---|
            {string.Join("\n", lines)}
            """);
    }
}
