using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// Issue 15's test step: a trivial job with a trivial <c>test:</c> (busybox <c>true</c>) against the
/// same job without one, each job's duration_ms (started_at → finished_at: the hook and the pickup,
/// the same on both sides, left out). The least a test step can add is one more container, so the
/// floor in the same run is <c>docker run --rm</c> of busybox <c>true</c>.
/// </summary>
public static class TestStep
{
    private static readonly string Test = $"""
        test:
          image: {Paths.Busybox}
          cmd: "true"

        """;

    public static void Run(Report report, int rounds)
    {
        using var site = new Site("teststep");
        var (_, work) = site.CreateRepo("app");
        site.StartDaemon();
        var (with, without, testMs, floor) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var i = -2; i < rounds; i++) // two warm-up rounds
        {
            var tested = Job(site, work, Test, $"{i} tested");
            var plain = Job(site, work, "", $"{i}");
            var container = DirectJob.Container();
            if (i < 0) continue;
            with.Add(Results.Ms(tested, "duration_ms"));
            testMs.Add(Results.Ms(tested, "test_ms"));
            without.Add(Results.Ms(plain, "duration_ms"));
            floor.Add(container);
        }
        var (w, p, t, f) = (new Stats(with), new Stats(without), new Stats(testMs), new Stats(floor));
        report.Add(new Row("test step: a trivial job with a trivial `test:` (started_at → finished_at)", w.Describe(),
            p.Describe() + " (the same job without `test:`)", $"{w.Median / p.Median:0.00}×", "report", null));
        report.Detail("Test step", $"""
            {rounds} rounds (after 2 warm-up ones), each a trivial job (build and release busybox `true`) with `test:` running busybox
            `true`, then the same job without it, then the floor. Job (duration_ms): with the test {w.Describe()}, without
            {p.Describe()}: {w.Median - p.Median:0} ms more. The test step itself (test_ms): {t.Describe()}. The floor, one more
            container by hand (`docker run --rm` of busybox `true`, the CLI's own start included): {f.Describe()}.
            """);
    }

    private static IReadOnlyDictionary<string, string> Job(Site site, string work, string test, string marker)
    {
        var result = Results.Result(JobPush.PushAndWait(site, "app", work, DirectJob.TrivialConfig() + test + $"# {marker}\n", TimeSpan.FromMinutes(2)));
        if (test.Length > 0 && result.GetValueOrDefault("test_exit") != "0")
            throw new InvalidOperationException($"the test step did not run: test_exit={result.GetValueOrDefault("test_exit")}");
        return result;
    }
}
