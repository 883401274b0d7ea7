using System.CommandLine;
using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;

namespace Cion.Hook.Commands;

/// <summary>
/// <c>cion cancel JOB</c>: asks the daemon, through a file in <c>spool/cancel/</c>, to cancel a
/// job: a queued one never starts, a running one loses its containers. Waits a few seconds to
/// report the outcome.
/// </summary>
internal static class CancelCommand
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var job = RunLookup.JobArgument();
        var command = new Command("cancel", "Cancel a queued or running job (status 'cancelled').") { job };
        command.SetAction((parsed, ct) => RunAsync(parsed, parsed.GetValue(job)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, string spec, CancellationToken ct)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        if (RunLookup.Find(config, spec) is not { } run) return ExitCodes.Refused;
        if (run.Status is { } done && done.IsFinal())
        {
            Console.Error.WriteLine($"cion: {run.Job.Id.Value} has already ended: {done.ToWord()}");
            return ExitCodes.Refused;
        }
        var spool = new SpoolLayout(config.Spool);
        try
        {
            new SpoolWriter(spool).RequestCancel(run.Job.Id, $"requested by {Environment.UserName}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cion: cannot ask for the cancel in {spool.Cancel}: {e.Message}");
            return ExitCodes.Failed;
        }
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (FileStateStore.ReadStatus(run.Paths) is { } state && state.IsFinal())
            {
                Console.WriteLine($"cion: {run.Job.Id.Value}: {state.ToWord()}");
                return state == JobState.Cancelled ? ExitCodes.Ok : ExitCodes.Refused;
            }
            await Task.Delay(100, ct);
        }
        Console.WriteLine($"cion: cancel of {run.Job.Id.Value} requested; ciond has not acted on it yet (is it running?). " +
            "The request stays in the spool and is carried out when it does.");
        return ExitCodes.JobNotFinished;
    }
}
