using System.CommandLine;
using Cion.Core.Jobs;
using Cion.Core.Spool;

namespace Cion.Hook.Commands;

/// <summary><c>cion retry JOB</c>: queue the same commit and ref again; earlier runs stay.</summary>
internal static class RetryCommand
{
    public static Command Create()
    {
        var job = RunLookup.JobArgument();
        var command = new Command("retry", "Queue the job's commit again, as a new run beside the earlier ones.") { job };
        command.SetAction(parsed => Run(parsed, parsed.GetValue(job)!));
        return command;
    }

    private static int Run(ParseResult parsed, string spec)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        if (RunLookup.Find(config, spec) is not { } run) return ExitCodes.Refused;
        var now = DateTimeOffset.UtcNow;
        var retry = run.Job with
        {
            Id = JobId.New(now, run.Job.New), QueuedAt = now, PushedBy = Environment.UserName, RetryOf = run.Job.Id,
        };
        try
        {
            var spool = new SpoolLayout(config.Spool);
            new SpoolWriter(spool).Write(retry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cion: cannot queue the retry in {config.Spool}: {e.Message}");
            return ExitCodes.Failed;
        }
        Console.WriteLine($"cion: queued {retry.Id.Value}, a retry of {run.Job.Id.Value} ({run.Job.Repo} {run.Job.ShortSha} {run.Job.Ref})");
        return ExitCodes.Ok;
    }
}
