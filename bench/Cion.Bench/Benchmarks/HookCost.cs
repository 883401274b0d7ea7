using Cion.Bench.Support;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// A push of a one-file change to a bare repo with cion's installed hook, against the same push
/// to a repo with no hook, interleaved so both see the same machine. No daemon runs: this is
/// what the pusher waits for (the hook queues the job and returns). Two floors run beside it:
/// an empty shell script (git starting any hook at all) and a native hook that only writes,
/// fsyncs and renames the ref lines into the spool (Floors/durable-hook.c: the least a hook that
/// never loses a job can do).
/// </summary>
public static class HookCost
{
    public static void Run(Report report, int pushes)
    {
        using var site = new Site("hook");
        var (_, hooked) = site.CreateRepo("hooked");
        var (_, plain) = site.CreateRepo("plain", withHook: false);
        // The floor for any post-receive hook: git starting a shell script that does nothing.
        var (emptyBare, empty) = site.CreateRepo("empty-hook", withHook: false);
        var emptyHook = Path.Combine(emptyBare, "hooks", "post-receive");
        File.WriteAllText(emptyHook, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(emptyHook, (UnixFileMode)0b111_101_101);
        var (durableBare, durable) = site.CreateRepo("durable-hook", withHook: false);
        DurableHook.Install(Path.Combine(durableBare, "hooks", "post-receive"), site.Spool);
        var withHook = new List<double>();
        var without = new List<double>();
        var floor = new List<double>();
        var durableFloor = new List<double>();
        for (var i = -3; i < pushes; i++) // three warm-up rounds, not counted
        {
            foreach (var (work, samples) in new[] { (hooked, withHook), (plain, without), (empty, floor), (durable, durableFloor) })
            {
                Site.Commit(work, "file.txt", $"change {i}\n");
                var (ms, _) = Proc.Timed("git", ["push", "-q", "origin", "main"], work);
                if (i >= 0) samples.Add(ms);
            }
        }
        var queued = Directory.GetFiles(Path.Combine(site.Spool, "new")).Count(f => !Path.GetFileName(f).StartsWith(DurableHook.FilePrefix));
        if (queued != pushes + 3) throw new InvalidOperationException($"expected {pushes + 3} queued jobs, found {queued}");
        var (hook, bare, nothing, durableOnly) = (new Stats(withHook), new Stats(without), new Stats(floor), new Stats(durableFloor));
        var ratio = hook.Median / bare.Median;
        report.Add(new Row("hook cost: `git push` of a one-file change", hook.Describe(), bare.Describe() + " (no hook)",
            $"{ratio:0.00}×", "≤ 1.2×", ratio <= 1.2));
        report.Add(new Row("hook cost: the same push, against the floor of a durable hook", hook.Describe(),
            durableOnly.Describe() + " (native: write, fsync, rename, fsync)", $"{hook.Median / durableOnly.Median:0.00}×", "report", null));
        report.Detail("Hook cost", $"""
            {pushes} pushes each, alternating between a repo with cion's hook, one without and one with an empty hook, after
            3 warm-up rounds; every hooked push queued its job (checked: {queued} job files).
            With the hook: {hook.Describe()}, min {Stats.Fmt(hook.Min)}, max {Stats.Fmt(hook.Max)}.
            Without: {bare.Describe()}, min {Stats.Fmt(bare.Min)}, max {Stats.Fmt(bare.Max)}.
            With a hook that does nothing (`#!/bin/sh` + `exit 0`): {nothing.Describe()}, {nothing.Median / bare.Median:0.00}× the push
            without a hook: the floor for any hook on this machine.
            With a native hook that only writes the ref lines to spool/tmp, fsyncs, renames into spool/new and fsyncs the
            folder (bench/Cion.Bench/Floors/durable-hook.c): {durableOnly.Describe()}, {durableOnly.Median / bare.Median:0.00}× the push
            without a hook: the floor for a hook that never loses a job; cion's hook is {hook.Median / durableOnly.Median:0.00}× that.
            cion's hook adds about {Stats.Fmt(hook.Median - bare.Median)} ms to a push, of which
            {Stats.Fmt(nothing.Median - bare.Median)} ms is git starting a hook at all and
            {Stats.Fmt(durableOnly.Median - bare.Median)} ms the floor of a durable one.
            """);
    }
}
