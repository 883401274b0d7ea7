using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Jobs;
using Cion.Core.LocalRuns;

namespace Cion.Hook.Commands;

/// <summary>
/// <c>cion run [--step build|test|release] [--env K=V]… [--secret K=V]… [--secrets-file FILE] [--artifacts DIR]</c>:
/// the working copy's <c>.cion.yml</c> against the local Docker engine, no daemon involved (<see cref="LocalRunner"/>).
/// </summary>
internal static class RunCommand
{
    /// <summary>A step ran past its time limit (as timeout(1) says it).</summary>
    public const int TimedOut = 124;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT, as a shell says it).</summary>
    public const int Interrupted = 130;

    public static Command Create()
    {
        var step = new Option<string?>("--step") { HelpName = "build|test|release", Description = "Run the pipeline up to and including this step: build, test or release (default: every step but release)" };
        var env = new Option<string[]>("--env") { HelpName = "NAME=VALUE", Description = "NAME=VALUE for every step's environment (repeatable)" };
        var secret = new Option<string[]>("--secret") { HelpName = "NAME=VALUE", Description = "NAME=VALUE: a secret a step's secrets: may name (repeatable)" };
        var secretsFile = new Option<string?>("--secrets-file") { HelpName = "FILE", Description = "Secrets in the server's format (NAME=value lines); --secret wins" };
        var artifacts = new Option<string?>("--artifacts") { HelpName = "DIR", Description = "Keep ARTIFACTS_DIR in this folder (default: a temporary one, removed)" };
        var command = new Command("run", "Run this working copy's .cion.yml (uncommitted changes included) against the local Docker engine.")
            { step, env, secret, secretsFile, artifacts };
        // Synchronous on purpose: an async action gets System.CommandLine's own Ctrl-C handling, which ends the
        // process 2 s after the signal, before the containers are removed. This one handles the signal itself.
        command.SetAction(parsed => Run(() => Server(parsed) is { } server ? new LocalRunOptions(parsed.GetValue(step),
            RunArguments.Pairs("--env", parsed.GetValue(env) ?? []), RunArguments.Pairs("--secret", parsed.GetValue(secret) ?? []),
            parsed.GetValue(secretsFile), parsed.GetValue(artifacts), DockerEndpoint(), server) : null));
        return command;
    }

    private static int Run(Func<LocalRunOptions?> options)
    {
        using var interrupted = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Interrupt(c, interrupted));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Interrupt(c, interrupted));
        try
        {
            if (options() is not { } chosen) return ExitCodes.BadConfig;
            var runner = new LocalRunner(chosen, Say, Console.OpenStandardOutput, TimeProvider.System);
            return runner.RunAsync(Environment.CurrentDirectory, interrupted.Token).GetAwaiter().GetResult();
        }
        catch (LocalRunException e) { return Refuse(e.Message); }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine($"cion: config error: {error}");
            return ExitCodes.Refused;
        }
        catch (StepTimedOutException e)
        {
            Say(e.Message);
            return TimedOut;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            Say("interrupted: its containers, network and temporary folder were removed");
            return Interrupted;
        }
        catch (Exception e) when (e is ImageUnavailableException or ServiceFailedException)
        {
            Say($"error: {e.Message}");
            if (e is ServiceFailedException { ContainerLog.Length: > 0 } failed) Say($"its own log said:\n{failed.ContainerLog.TrimEnd()}");
            if (e is ServiceFailedException { Advice.Length: > 0 } advised) Say(advised.Advice);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is EngineRefusedException or HttpRequestException or SocketException or IOException or TimeoutException)
        {
            Console.Error.WriteLine($"cion: cannot run on the Docker engine at {DockerEndpoint()}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>The first Ctrl-C cancels the run, which then removes what it made; a second one ends cion at once.</summary>
    private static void Interrupt(PosixSignalContext context, CancellationTokenSource interrupted)
    {
        if (interrupted.IsCancellationRequested) return;
        context.Cancel = true;
        Say("stopping: removing the run's containers (Ctrl-C again to quit at once)");
        interrupted.Cancel();
    }

    private static void Say(string line) => Console.Error.WriteLine($"cion run: {line}");

    private static int Refuse(string message)
    {
        Console.Error.WriteLine($"cion run: {message}");
        return ExitCodes.Refused;
    }

    private static string DockerEndpoint() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : new ServerConfig().Docker;

    /// <summary>A server config only when one is named (<c>--config</c>, <c>$CION_CONFIG</c>), for its <c>dind.*</c> images; else the defaults.</summary>
    private static ServerConfig? Server(ParseResult parsed)
    {
        var named = parsed.GetValue(ConfigOption.Instance) is { Length: > 0 } || Environment.GetEnvironmentVariable(ServerConfig.PathVariable) is { Length: > 0 };
        return named ? ConfigOption.Load(parsed) : new ServerConfig();
    }
}
