using System.CommandLine;
using Cion.Core.Queries;
using Cion.Core.Spool;
using Cion.Hook.Output;

namespace Cion.Hook.Commands;

/// <summary><c>cion queue [--json]</c>: what waits in the spool (and what the daemon has claimed).</summary>
internal static class QueueCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "JSON: an array of {id, repo, ref, sha, queued_at, state}" };
        var command = new Command("queue", "List the jobs waiting in the spool, oldest first, and those the daemon has claimed.") { json };
        command.SetAction(parsed => Run(parsed, parsed.GetValue(json)));
        return command;
    }

    private static int Run(ParseResult parsed, bool json)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        var spool = new SpoolLayout(config.Spool);
        var entries = SpoolReader.Jobs(spool).OrderBy(e => e.Job.Id.Value, StringComparer.Ordinal).ToList();
        if (json)
        {
            JsonOut.Write(w =>
            {
                w.WriteStartArray();
                foreach (var (job, state) in entries)
                {
                    w.WriteStartObject();
                    w.WriteString("id", job.Id.Value);
                    w.WriteString("repo", job.Repo);
                    w.WriteString("ref", job.Ref);
                    w.WriteString("sha", job.New);
                    w.WriteString("queued_at", job.QueuedAt.UtcDateTime);
                    w.WriteString("state", state);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return ExitCodes.Ok;
        }
        if (entries.Count == 0) Console.WriteLine("the queue is empty");
        var now = DateTimeOffset.UtcNow;
        foreach (var (job, state) in entries)
            Console.WriteLine($"{state,-8} {Terminal.Fit(job.Repo, 24),-24} {job.ShortSha} {Terminal.Fit(job.Branch.Length > 0 ? job.Branch : job.Ref, 20),-20} {Terminal.Age(job.QueuedAt, now)}");
        return ExitCodes.Ok;
    }
}
