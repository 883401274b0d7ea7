using System.CommandLine;
using Cion.Bench.Benchmarks;
using Cion.Bench.Support;

// 'make bench': cion's costs against the physical limit, each measured in the same run as its
// reference, written into BENCHMARKS.md. Needs 'make stage', a Docker engine and the test images.
var only = new Option<string[]>("--only") { Description = "Run only these: hook, pickup, trivial, burst, checkout, engine, rootless, cache, warm, history, web-live, web-pages, web-memory, web-followers (web: all four), deploy, notify, teststep, swarm-trivial, swarm-spread, swarm-dispatch (swarm: all three; they need scripts/swarm-up.sh's images and cion/runner:test)", AllowMultipleArgumentsPerToken = true };
var quick = new Option<bool>("--quick") { Description = "Few samples, to check that the suite runs (results are printed, not written)" };
var output = new Option<string?>("--out") { Description = "Write the results into this file (default: BENCHMARKS.md for a full run)" };
var root = new RootCommand("cion's benchmark suite") { only, quick, output };
root.SetAction(parsed =>
{
    var selected = parsed.GetValue(only) is { Length: > 0 } names ? names.ToHashSet() : null;
    var small = parsed.GetValue(quick);
    bool Wanted(string name) => selected is null || selected.Contains(name) || (name.StartsWith("web-") && selected.Contains("web")) || (name.StartsWith("swarm-") && selected.Contains("swarm"));
    var report = new Report();
    var started = DateTimeOffset.UtcNow;
    if (Wanted("hook")) Step("hook cost", () => HookCost.Run(report, small ? 5 : 40));
    if (Wanted("pickup")) Step("pickup", () => Pickup.Run(report, small ? 10 : 200));
    if (Wanted("trivial")) Step("one trivial job", () => TrivialJob.Run(report, small ? 2 : 20));
    if (Wanted("burst")) Step("burst", () => Burst.Run(report, small ? 10 : 200, [2, 4]));
    if (Wanted("checkout")) Step("checkout", () => Checkout.Run(report, small ? 1000 : 10_000, small ? 2 : 7));
    if (Wanted("engine")) Step("per-job engine", () => EngineReady.Run(report, small ? 2 : 7));
    if (Wanted("rootless")) Step("rootless engine", () => RootlessEngine.Run(report, small ? 2 : 7));
    if (Wanted("cache")) Step("layer cache", () => LayerCache.Run(report, small ? 2 : 6));
    if (Wanted("warm")) Step("warm engines", () => WarmEngines.Run(report, small ? 2 : 10, small ? 6 : 50));
    if (Wanted("history") || Wanted("web-pages"))
    {
        Console.WriteLine("writing the big history ...");
        using var history = new HistorySite(small ? 2000 : 100_000);
        if (Wanted("history")) Step("big history", () => BigHistory.Run(report, history, small ? 2 : 5));
        if (Wanted("web-pages")) Step("web: pages", () => WebPages.Run(report, history, small ? 5 : 40));
    }
    if (Wanted("web-live")) Step("web: live log", () => WebLiveLog.Run(report, small ? 30 : 300));
    if (Wanted("web-memory")) Step("web: memory", () => WebMemory.Run(report, small ? 20 : 200, TimeSpan.FromSeconds(small ? 3 : 10)));
    if (Wanted("web-followers")) Step("web: the daemon while people watch", () => WebFollowers.Run(report, small ? 20 : 200, small ? 10 : 200, small ? 2 : 20));
    if (Wanted("deploy")) Step("cion deploy", () => DeployLatency.Run(report, small ? 2 : 10));
    if (Wanted("notify")) Step("notifications and the next job", () => NotifyHold.Run(report, small ? 2 : 10));
    if (Wanted("teststep")) Step("test step", () => TestStep.Run(report, small ? 2 : 10));
    if (Wanted("swarm-trivial")) Step("swarm: one trivial job", () => SwarmTrivial.Run(report, small ? 2 : 10));
    if (Wanted("swarm-spread")) Step("swarm: two nodes against one", () => SwarmSpread.Run(report, small ? 8 : 20));
    if (Wanted("swarm-dispatch")) Step("swarm: dispatch", () => SwarmDispatch.Run(report, small ? 10 : 50));
    var command = Environment.GetEnvironmentVariable("BENCH_COMMAND") ?? $"dotnet run --project bench/Cion.Bench -- {string.Join(' ', args)}";
    var markdown = report.Markdown(Machine.Describe(), command.Trim(), started);
    var target = parsed.GetValue(output) ?? (selected is null && !small ? Path.Combine(Paths.RepoRoot, "BENCHMARKS.md") : null);
    if (target is null) Console.WriteLine("\n" + markdown);
    else
    {
        BenchmarksFile.Write(target, markdown);
        Console.WriteLine($"wrote {target}");
    }
    Console.WriteLine($"took {(DateTimeOffset.UtcNow - started).TotalMinutes:0.0} min");
});
return root.Parse(args).Invoke();

static void Step(string name, Action run)
{
    Console.WriteLine($"{name} ...");
    run();
}
