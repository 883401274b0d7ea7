using System.CommandLine;
using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Hook.Output;

namespace Cion.Hook.Commands;

/// <summary><c>cion show JOB [--json]</c>: one job in full; the exit code says how it ended.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var job = RunLookup.JobArgument();
        var json = new Option<bool>("--json") { Description = "JSON: one job object (see README)" };
        var command = new Command("show", "Show a job: its fields, steps, exit codes, timings and files. " +
            "Exit code: 0 succeeded, 4 failed, 5 error, 6 cancelled, 7 queued or running, 1 no such job.") { job, json };
        command.SetAction(parsed => Run(parsed, parsed.GetValue(job)!, parsed.GetValue(json)));
        return command;
    }

    private static int Run(ParseResult parsed, string spec, bool json)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        if (RunLookup.Find(config, spec) is not { } run) return ExitCodes.Refused;
        if (json) JsonOut.Write(w => QueryJson.Run(w, run));
        else Print(run);
        return ExitCodes.ForStatus(run.Status);
    }

    private static void Print(RunRecord run)
    {
        var job = run.Job;
        void Field(string name, string? value) { if (!string.IsNullOrEmpty(value)) Console.WriteLine($"{name + ":",-16}{value}"); }
        Field("job", job.Id.Value);
        Field("repo", job.Repo);
        Field("ref", job.Ref);
        Field("sha", job.New);
        Field("status", Terminal.Status(run.Status));
        Field("error", run.ResultValue("error"));
        Field("pushed by", job.PushedBy);
        Field("queued at", job.QueuedAt.UtcDateTime.ToString("u"));
        Field("started at", run.ResultValue("started_at"));
        Field("finished at", run.ResultValue("finished_at"));
        Field("took", run.Duration is null ? null : Terminal.Took(run.Duration));
        Field("build", Step(run, "build"));
        Field("test", Step(run, "test"));
        Field("release", Step(run, "release") + (run.ResultValue("release_skipped") is { } why ? $" ({why})" : ""));
        Field("environment", run.ResultValue("environment"));
        Field("retry of", job.RetryOf?.Value);
        Field(job.Deploy?.Kind + " of", job.Deploy is { } d ? $"{d.Source.Value} to {d.Environment}" + (d.Reason.Length > 0 ? $": {d.Reason}" : "") : null);
        Field("push options", string.Join(" ", job.PushOptions));
        Field("files", run.Paths.Dir);
    }

    private static string? Step(RunRecord run, string step)
    {
        var exit = run.ResultValue($"{step}_exit");
        var ms = run.ResultValue($"{step}_ms");
        return exit is null ? null : exit is "skipped" or "timeout" ? exit : $"exit {exit}" + (ms is null ? "" : $" in {Terminal.Took(TimeSpan.FromMilliseconds(long.Parse(ms)))}");
    }
}
