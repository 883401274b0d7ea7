using System.CommandLine;
using Cion.Core.Config;
using Cion.Core.Git;
using Cion.Core.Hooks;
using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;

namespace Cion.Hook.Commands;

/// <summary><c>cion hook</c>: git's post-receive hook. Reads <c>OLD NEW REF</c> lines on stdin and queues a job per updated ref.</summary>
internal static class HookCommand
{
    public static Command Create()
    {
        var command = new Command("hook", "Run as a bare repository's post-receive hook: queue one job per updated ref (reads 'OLD NEW REF' lines on stdin). " +
            "Push options: -o cion.wait follows the jobs in the push output; -o ci.skip (or skip-ci) queues nothing.");
        command.SetAction(parsed => Run(ConfigOption.Path(parsed)));
        return command;
    }

    /// <summary>The hook's work, also reached without System.CommandLine by <see cref="HookEntry"/> (every push pays for start-up).</summary>
    public static int Run(string configPath)
    {
        if (ConfigOption.Load(configPath) is not { } config) return ExitCodes.BadConfig;
        var repoPath = RepoPath();
        var options = PushOptions();
        IReadOnlyList<Job>? queued;
        try
        {
            queued = new PushReceiver(config, TimeProvider.System)
                .Receive(repoPath, Pusher(), ReadLines(Console.In), options, sha => CommitMessage(repoPath, sha), Console.Out.WriteLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"cion: could not queue the job: {e.Message}");
            return ExitCodes.Failed;
        }
        if (queued is null) return ExitCodes.Refused;
        if (options.Contains(SkipMarkers.WaitOption)) Follow(config, queued);
        return ExitCodes.Ok;
    }

    /// <summary><c>-o cion.wait</c>: the push output shows each job's logs as they are written, then its status.</summary>
    private static void Follow(ServerConfig config, IReadOnlyList<Job> jobs)
    {
        var layout = new StateLayout(config.State);
        var follower = new RunFollower(TimeProvider.System);
        // One bound for the whole push, however many refs it updated.
        var deadline = DateTimeOffset.UtcNow + config.WaitTimeout;
        foreach (var job in jobs)
        {
            var run = layout.Run(job);
            var left = deadline - DateTimeOffset.UtcNow;
            Console.Out.WriteLine($"cion: following {job.Repo} {PushReceiver.Describe(job)} {job.ShortSha} (up to {Duration.Format(left > TimeSpan.Zero ? left : TimeSpan.Zero)})");
            var files = new[] { (run.BuildLog, "build | "), (run.TestLog, "test | "), (run.ReleaseLog, "release | ") };
            var state = left <= TimeSpan.Zero ? null : follower.FollowAsync(run, files, Console.Out.WriteLine, left).GetAwaiter().GetResult();
            Console.Out.WriteLine(state is { } final
                ? $"cion: {job.Repo} {job.ShortSha}: {final.ToWord()}: {run.Dir}"
                : $"cion: {job.Repo} {job.ShortSha} is still going; follow it with: cion logs -f {job.Id.Value}");
        }
    }

    /// <summary>git runs the hook in the bare repo (GIT_DIR is often '.').</summary>
    public static string RepoPath() =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(Environment.GetEnvironmentVariable("GIT_DIR") ?? "."));

    /// <summary>git hands <c>-o</c> options to the hook as GIT_PUSH_OPTION_COUNT and GIT_PUSH_OPTION_0…</summary>
    private static IReadOnlyList<string> PushOptions()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("GIT_PUSH_OPTION_COUNT"), out var n) ? n : 0;
        return [.. Enumerable.Range(0, count).Select(i => Environment.GetEnvironmentVariable($"GIT_PUSH_OPTION_{i}") ?? "")];
    }

    /// <summary>
    /// The pushed commit's message: read from its loose object when the push left one (no
    /// process to start), else from git itself (about 2 ms; no git library in the hook).
    /// git puts its own directory on PATH for hooks, so 'git' is the git that is running the push.
    /// </summary>
    private static string? CommitMessage(string repoPath, string sha)
    {
        if (LooseCommit.TryReadMessage(repoPath, sha) is { } message) return message;
        return GitCommand.CommitMessage(repoPath, sha); // null (no git on PATH, say): no skip marker can be honoured, the job is queued
    }

    /// <summary>Who pushed: gitolite's and Gitea's own names first, then the account git runs as.</summary>
    private static string Pusher() =>
        new[] { "GL_USER", "GITEA_PUSHER_NAME", "USER", "LOGNAME" }
            .Select(Environment.GetEnvironmentVariable)
            .FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? Environment.UserName;

    private static IEnumerable<string> ReadLines(TextReader input)
    {
        while (input.ReadLine() is { } line) yield return line;
    }
}
