using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Cion.Core.Containers.Docker;
using Cion.Core.Swarm;

namespace Cion.Runner;

/// <summary>
/// <c>cion-runner serve --port 7700 --keys /run/secrets/cion-keys [--volumes /cion-volumes --node-volumes
/// /var/lib/docker/volumes]</c>, with <c>CION_JOB</c> and
/// <c>CION_OWNER</c> in the environment: serves the link until SIGTERM or SIGINT (the Swarm service
/// removed, the node drained), then removes everything of its job on the node and exits 0.
/// </summary>
internal static class ServeCommand
{
    public const string JobVariable = "CION_JOB";
    public const string OwnerVariable = "CION_OWNER";
    private const string DockerSocket = "/var/run/docker.sock";
    private const int BadUsage = 2;

    public static Command Create()
    {
        var port = new Option<int>("--port") { DefaultValueFactory = _ => 7700, Description = "TCP port to listen on" };
        var keys = new Option<string>("--keys") { DefaultValueFactory = _ => "/run/secrets/cion-keys", Description = "The job's link keys (PEM: own certificate, key, ciond's certificate)" };
        var volumes = new Option<string?>("--volumes") { Description = "Where the node's volumes folder is mounted in this task: the job's volumes are filled and read there, not through the engine" };
        var nodeVolumes = new Option<string>("--node-volumes") { DefaultValueFactory = _ => "/var/lib/docker/volumes", Description = "The node's volumes folder as its engine names it" };
        var command = new Command("serve", "Serve ciond's link for the job in CION_JOB, owned by CION_OWNER.") { port, keys, volumes, nodeVolumes };
        // Synchronous on purpose: an async action gets System.CommandLine's own signal handling, which ends
        // the process 2 s after SIGTERM, possibly before the job's containers are removed.
        command.SetAction(parsed => Serve(parsed.GetValue(port), parsed.GetValue(keys)!, parsed.GetValue(volumes), parsed.GetValue(nodeVolumes)!));
        return command;
    }

    private static int Serve(int port, string keysPath, string? volumesMounted, string nodeVolumes)
    {
        if (Environment.GetEnvironmentVariable(JobVariable) is not { Length: > 0 } job || Environment.GetEnvironmentVariable(OwnerVariable) is not { Length: > 0 } owner)
            return Fail($"{JobVariable} and {OwnerVariable} must be set", BadUsage);
        Socket listener;
        try { listener = LinkServer.Listen(port); }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return Fail($"cannot listen on port {port}: another program holds it on this node", RunnerExit.PortTaken);
        }
        catch (SocketException e) { return Fail($"cannot listen on port {port}: {e.Message}", BadUsage); }
        RunnerKeys keys;
        try { keys = RunnerKeys.Load(keysPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            listener.Dispose();
            return Fail($"cannot load the link keys from {keysPath}: {e.Message}", BadUsage);
        }
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, stop));
        using var node = JobOnNode.Connect(new Uri("unix://" + DockerSocket), job, owner);
        using (keys)
        {
            var volumes = new JobVolumes(node, job, volumesMounted, Path.TrimEndingDirectorySeparator(nodeVolumes));
            var server = new LinkServer(listener, keys, new LinkTargets(node, job, DockerSocket, volumes, RunnerLog.Line), RunnerLog.Line);
            // The line a test or an operator waits for: from here each connection is served.
            RunnerLog.Line($"serving job {job} on port {port}");
            _ = node.WarmUpAsync(stop.Token);
            server.RunAsync(stop.Token).GetAwaiter().GetResult();
        }
        return RemoveJob(node, job);
    }

    // Checkpoint: the link is closed. What this removal leaves, ciond's own cleanup by label finds again.
    private static int RemoveJob(JobOnNode node, string job)
    {
        var self = OwnContainer.Id(File.Exists(OwnContainer.MountInfo) ? File.ReadAllText(OwnContainer.MountInfo) : "");
        Cion.Core.Containers.CleanupReport report;
        try { report = node.RemoveAllAsync(self, CancellationToken.None).GetAwaiter().GetResult(); }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            RunnerLog.Line($"stopped: the node's engine did not answer, nothing of job {job} removed: {e.Message}");
            return 0;
        }
        RunnerLog.Line(report.Complete ? $"stopped: removed {report.Removed} things of job {job}" : $"stopped: removed {report.Removed}; {report.DescribeLeft()}");
        return 0;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        context.Cancel = true;
        stop.Cancel();
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"cion-runner: {message}");
        return code;
    }
}
