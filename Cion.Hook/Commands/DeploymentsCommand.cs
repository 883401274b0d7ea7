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
        if (json) JsonOut.Write(w => { w.WriteStartArray(); ledgers.ForEach(d => Json(w, d)); w.WriteEndArray(); });
        else Print(ledgers, historyLines);
        return ExitCodes.Ok;
    }

    private static void Print(IReadOnlyList<Deployments> ledgers, int historyLines)
    {
        foreach (var d in ledgers)
        {
            var current = d.Current is { } c ? $"{c.GetValueOrDefault("sha", "")[..Math.Min(7, c.GetValueOrDefault("sha", "").Length)]} " +
                $"{c.GetValueOrDefault("ref")} at {c.GetValueOrDefault("deployed_at")}" : "nothing deployed yet";
            Console.WriteLine($"{d.Repo} {d.Environment}: {current}");
            foreach (var line in d.History.TakeLast(historyLines).Reverse())
                Console.WriteLine($"  {line.Time,-24} {line.Sha[..Math.Min(7, line.Sha.Length)]} {Terminal.Fit(line.Ref, 24),-24} {line.Status}");
        }
    }

    private static void Json(System.Text.Json.Utf8JsonWriter w, Deployments d)
    {
        w.WriteStartObject();
        w.WriteString("repo", d.Repo);
        w.WriteString("environment", d.Environment);
        w.WritePropertyName("current");
        if (d.Current is null) w.WriteNullValue();
        else
        {
            w.WriteStartObject();
            foreach (var (key, value) in d.Current) w.WriteString(key, value);
            w.WriteEndObject();
        }
        w.WriteStartArray("history");
        foreach (var line in d.History)
        {
            w.WriteStartObject();
            w.WriteString("time", line.Time);
            w.WriteString("sha", line.Sha);
            w.WriteString("ref", line.Ref);
            w.WriteString("status", line.Status);
            w.WriteString("run_dir", line.RunDir);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
