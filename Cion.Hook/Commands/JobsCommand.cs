using System.CommandLine;
using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Hook.Output;

namespace Cion.Hook.Commands;

/// <summary><c>cion jobs [REPO] [--status S] [--limit N] [--json]</c>: recent jobs, newest first.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var repo = new Argument<string?>("repo") { Description = "Only this repo's jobs", Arity = ArgumentArity.ZeroOrOne };
        var status = new Option<string?>("--status") { Description = "Only jobs with this status (queued, running, succeeded, failed, error, cancelled)" };
        var limit = new Option<int>("--limit") { Description = "At most this many jobs", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "JSON: an array of job objects (see README)" };
        var command = new Command("jobs", "List jobs, newest first: repo, commit, branch, status, age, duration.") { repo, status, limit, json };
        command.SetAction(parsed => Run(parsed, parsed.GetValue(repo), parsed.GetValue(status), parsed.GetValue(limit), parsed.GetValue(json)));
        return command;
    }

    private static int Run(ParseResult parsed, string? repo, string? statusWord, int limit, bool json)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        JobState? wanted = null;
        if (statusWord is not null)
        {
            if (!JobStateWords.TryParse(statusWord, out var state))
            {
                Console.Error.WriteLine($"cion: '{statusWord}' is not a status (queued, running, succeeded, failed, error, cancelled)");
                return ExitCodes.Refused;
            }
            wanted = state;
        }
        if (repo is not null && !RunLookup.IsRepoName(repo)) return ExitCodes.Refused;
        var runs = new StateReader(new StateLayout(config.State)).NewestFirst(repo)
            .Where(r => wanted is null || r.Status == wanted)
            .Take(Math.Max(1, limit)).ToList();
        if (json) JsonOut.Write(w => QueryJson.Runs(w, runs));
        else Print(runs);
        return ExitCodes.Ok;
    }

    /// <summary>Fits 80 columns: 22 + 8 + 16 + 10 + 9 + 9 plus gaps.</summary>
    private static void Print(IReadOnlyList<RunRecord> runs)
    {
        Console.WriteLine($"{"REPO",-22} {"SHA",-7} {"BRANCH",-16} {"STATUS",-9} {"AGE",-8} {"TOOK",8}");
        var now = DateTimeOffset.UtcNow;
        foreach (var run in runs)
        {
            var word = run.Status?.ToWord() ?? "unknown";
            var branch = run.Job.Branch.Length > 0 ? run.Job.Branch : run.Job.Ref;
            Console.WriteLine($"{Terminal.Fit(run.Job.Repo, 22),-22} {run.Job.ShortSha,-7} {Terminal.Fit(branch, 16),-16} " +
                $"{Terminal.Pad(Terminal.Status(run.Status), 9, word.Length)} {Terminal.Age(run.Job.QueuedAt, now),-8} {Terminal.Took(run.Duration),8}");
        }
    }
}
