using System.CommandLine;
using Cion.Core.Hooks;

namespace Cion.Hook.Commands;

/// <summary><c>cion hook</c>: git's post-receive hook. Reads <c>OLD NEW REF</c> lines on stdin and queues a job per updated ref.</summary>
internal static class HookCommand
{
    public static Command Create()
    {
        var command = new Command("hook", "Run as a bare repository's post-receive hook: queue one job per updated ref (reads 'OLD NEW REF' lines on stdin).");
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parsed)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        var repoPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Environment.GetEnvironmentVariable("GIT_DIR") ?? "."));
        try
        {
            var queued = new PushReceiver(config, TimeProvider.System)
                .Receive(repoPath, Pusher(), ReadLines(Console.In), Console.Out.WriteLine);
            return queued < 0 ? ExitCodes.Refused : ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"cion: could not queue the job: {e.Message}");
            return ExitCodes.Failed;
        }
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
