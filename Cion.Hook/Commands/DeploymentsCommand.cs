using System.CommandLine;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Hook.Output;

namespace Cion.Hook.Commands;

/// <summary><c>cion deployments [REPO] [--env E] [--json]</c>: what is deployed where, and the history.</summary>
internal static class DeploymentsCommand
{
    public static Command Create()
    {
        var repo = new Argument<string?>("repo") { Description = "Only this repo", Arity = ArgumentArity.ZeroOrOne };
        var env = new Option<string?>("--env") { Description = "Only this environment" };
        var history = new Option<int>("--history") { Description = "History lines per environment", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "JSON: an array of {repo, environment, current, history} (see README)" };
        var command = new Command("deployments", "Show what is deployed in each environment, and the latest release attempts.") { repo, env, history, json };
        command.SetAction(parsed => Run(parsed, parsed.GetValue(repo), parsed.GetValue(env), parsed.GetValue(history), parsed.GetValue(json)));
        return command;
    }

    private static int Run(ParseResult parsed, string? repo, string? env, int historyLines, bool json)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        if (repo is not null && !RunLookup.IsRepoName(repo)) return ExitCodes.Refused;
        var ledgers = new DeploymentReader(new StateLayout(config.State)).Environments(repo)
            .Where(d => env is null || d.Environment == env).ToList();
        if (json) JsonOut.Write(w => QueryJson.Deployments(w, ledgers));
        else Print(ledgers, historyLines);
        return ExitCodes.Ok;
    }

    /// <summary>For a <c>cion deploy</c> or <c>rollback</c>: its kind, who ran it, the job it deployed and why.</summary>
    private static string ByHand(HistoryLine line) => line.By is null ? ""
        : $"  {line.Kind} by {line.By} of job {line.SourceJob}" + (string.IsNullOrEmpty(line.Reason) ? "" : $": {line.Reason}");

    private static void Print(IReadOnlyList<Deployments> ledgers, int historyLines)
    {
        foreach (var d in ledgers)
        {
            var current = d.Current is { } c ? $"{c.GetValueOrDefault("sha", "")[..Math.Min(7, c.GetValueOrDefault("sha", "").Length)]} " +
                $"{c.GetValueOrDefault("ref")} at {c.GetValueOrDefault("deployed_at")}" +
                (c.GetValueOrDefault(DeployFields.ByKey) is { } by ? $" ({c.GetValueOrDefault(DeployFields.KindKey)} by {by})" : "") : "nothing deployed yet";
            Console.WriteLine($"{d.Repo} {d.Environment}: {current}");
            foreach (var line in d.History.TakeLast(historyLines).Reverse())
                Console.WriteLine($"  {line.Time,-24} {line.Sha[..Math.Min(7, line.Sha.Length)]} {Terminal.Fit(line.Ref, 24),-24} {line.Status}{ByHand(line)}");
        }
    }
}
