using System.CommandLine;
using System.Net.Sockets;
using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Queries;
using Cion.Hook.Output;

namespace Cion.Hook.Commands;

/// <summary>
/// <c>cion cache [REPO] [--json]</c>: the daemon's layer caches (issue 14) with size, last use and who
/// holds each; <c>cion cache clear REPO [--wait SECONDS]</c>: removes a repository's free ones.
/// </summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var repo = new Argument<string?>("REPO") { Description = "Only this repository's caches (team/app)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "JSON: an array of {repo, volume, kind, ref, size, last_used, in_use, used_by, job}" };
        var command = new Command("cache", "List the per-repository layer caches of the per-job Docker engines.") { repo, json, Clear() };
        command.SetAction((parsed, ct) => ListAsync(parsed, parsed.GetValue(repo), parsed.GetValue(json), ct));
        return command;
    }

    private static Command Clear()
    {
        var repo = new Argument<string>("REPO") { Description = "The repository whose caches go (team/app)" };
        var wait = new Option<int>("--wait") { Description = "Seconds to wait for a cache in use to be given back (0-3600; default 0: skip it)" };
        var command = new Command("clear", "Remove a repository's layer caches; one in use is skipped (or waited for with --wait) and named.") { repo, wait };
        command.SetAction((parsed, ct) => ClearAsync(parsed, parsed.GetValue(repo)!, parsed.GetValue(wait), ct));
        return command;
    }

    private static async Task<int> ListAsync(ParseResult parsed, string? repo, bool json, CancellationToken ct)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        SayWhereSwarmCachesAre(config);
        using var catalog = CacheCatalog.Open(config);
        IReadOnlyList<CacheVolume> volumes;
        try { volumes = await catalog.ListAsync(repo, ct); }
        catch (Exception e) when (Unreachable(e)) { return Failed(config.Docker, e); }
        if (json) JsonOut.Write(w => QueryJson.Caches(w, volumes));
        else if (volumes.Count == 0) Console.WriteLine(repo is null ? "no layer caches" : $"no layer caches of {repo}");
        else
        {
            Console.WriteLine(CacheTable.Header);
            foreach (var volume in volumes) Console.WriteLine(CacheTable.Row(volume, DateTimeOffset.UtcNow));
        }
        return ExitCodes.Ok;
    }

    private static async Task<int> ClearAsync(ParseResult parsed, string repo, int wait, CancellationToken ct)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        if (wait is < 0 or > 3600)
        {
            Console.Error.WriteLine($"cion: --wait: expected seconds from 0 to 3600, found {wait}");
            return ExitCodes.Refused;
        }
        SayWhereSwarmCachesAre(config);
        using var catalog = CacheCatalog.Open(config);
        var removed = 0;
        IReadOnlyList<CacheVolume> skipped;
        try
        {
            skipped = await catalog.ClearAsync(repo, TimeSpan.FromSeconds(wait), v => { removed++; Console.WriteLine(CacheTable.Removed(v)); }, ct);
        }
        catch (Exception e) when (Unreachable(e)) { return Failed(config.Docker, e); }
        foreach (var volume in skipped) Console.WriteLine(CacheTable.Skipped(volume));
        if (removed + skipped.Count == 0) Console.WriteLine($"no layer caches of {repo}");
        // A skipped cache is not cion failing, but a script that wanted it gone must be able to tell.
        return skipped.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
    }

    /// <summary>
    /// With <c>runner: swarm</c> the jobs' engines, and so their caches, are on the nodes, which this command does not
    /// reach: it says so (on stderr, so <c>--json</c> stays JSON) rather than let an empty list pass for none anywhere.
    /// </summary>
    private static void SayWhereSwarmCachesAre(ServerConfig config)
    {
        if (config.Runner != RunnerKind.Swarm) return;
        Console.Error.WriteLine($"cion: runner: swarm: these are the caches on the engine at {config.Docker} (the manager's); each node's are on " +
            $"that node (docker volume ls --filter label={Labels.CacheRepo})");
    }

    private static bool Unreachable(Exception e) => e is EngineRefusedException or HttpRequestException or SocketException or IOException or TimeoutException;

    private static int Failed(string docker, Exception e)
    {
        Console.Error.WriteLine($"cion: cannot ask the Docker engine at {docker}: {e.Message}");
        return ExitCodes.Failed;
    }
}
