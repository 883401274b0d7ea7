using System.CommandLine;
using Cion.Core.Queries;
using Cion.Core.State;

namespace Cion.Hook.Commands;

/// <summary><c>cion logs [-f] JOB [build|test|release|cion]</c>: print a log; with -f follow it until the job ends.</summary>
internal static class LogsCommand
{
    private static readonly string[] Logs = ["build", "test", "release", "cion"];

    public static Command Create()
    {
        var job = RunLookup.JobArgument();
        var which = new Argument<string>("log") { Description = "build (default), test, release or cion", DefaultValueFactory = _ => "build" };
        which.AcceptOnlyFromAmong(Logs);
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing as the log grows, until the job ends" };
        var command = new Command("logs", "Print a job's build, test, release or cion log.") { job, which, follow };
        command.SetAction((parsed, ct) => RunAsync(parsed, parsed.GetValue(job)!, parsed.GetValue(which)!, parsed.GetValue(follow), ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, string spec, string which, bool follow, CancellationToken ct)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        if (RunLookup.Find(config, spec) is not { } run) return ExitCodes.Refused;
        var path = which switch { "test" => run.Paths.TestLog, "release" => run.Paths.ReleaseLog, "cion" => run.Paths.CionLog, _ => run.Paths.BuildLog };
        if (!follow)
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"cion: no {which} log for {run.Job.Id.Value} ({(run.Status is { } s ? s.ToString().ToLowerInvariant() : "unknown")}): {path}");
                return ExitCodes.Refused;
            }
            await using var log = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            await log.CopyToAsync(Console.OpenStandardOutput(), ct);
            return ExitCodes.Ok;
        }
        var state = await new RunFollower(TimeProvider.System).FollowAsync(run.Paths, [(path, "")], Console.Out.WriteLine, TimeSpan.MaxValue, ct);
        return ExitCodes.ForStatus(state);
    }
}
