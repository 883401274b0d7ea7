using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Core.Swarm;

namespace Cion.Daemon;

/// <summary>
/// <c>ciond --check</c>: whether this config can run jobs, said in lines an operator reads. With
/// <c>runner: swarm</c>: whether the manager answers, which nodes meet <c>swarm.constraints</c>, and
/// whether each such node can pull and start the runner image (a one-shot service on it, removed after).
/// </summary>
internal static class DaemonCheck
{
    private static readonly TimeSpan ImageTimeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(ServerConfig config, TextWriter output, CancellationToken ct)
    {
        output.WriteLine($"config {config.SourceFile}: read");
        return config.Runner == RunnerKind.Swarm ? await SwarmAsync(config, output, ct) : await LocalAsync(config, output, ct);
    }

    private static async Task<int> LocalAsync(ServerConfig config, TextWriter output, CancellationToken ct)
    {
        using var engine = DockerEngine.Connect(new Uri(config.Docker), config.State);
        try
        {
            // Every engine has the default bridge network: the cheapest question that needs an answer.
            await engine.NetworkExistsAsync("bridge", ct);
            output.WriteLine($"runner local: the engine at {config.Docker} answers");
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.WriteLine($"runner local: the engine at {config.Docker} does not answer: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> SwarmAsync(ServerConfig config, TextWriter output, CancellationToken ct)
    {
        using var manager = SwarmManager.Connect(new Uri(config.Docker), config.State, new CleanupDeadline());
        IReadOnlyList<SwarmNode> nodes;
        try { nodes = await manager.NodesAsync(ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.WriteLine($"runner swarm: the manager at {config.Docker} does not answer as a Swarm manager: {e.Message}");
            return 1;
        }
        output.WriteLine($"runner swarm: the manager at {config.Docker} answers: {nodes.Count} nodes; constraints {string.Join(", ", config.Swarm.Constraints)}");
        var usable = 0;
        foreach (var node in nodes.OrderBy(n => n.Hostname, StringComparer.Ordinal))
        {
            var unmet = ConstraintMatch.FirstUnmet(node, config.Swarm.Constraints);
            var about = $"node {node.Hostname} ({node.Address}, {(node.Manager ? "manager" : "worker")}, {node.State}, {node.Availability})";
            if (unmet is { Length: > 0 })
            {
                output.WriteLine($"{about}: does not match {unmet}");
                continue;
            }
            if (node.State != "ready" || node.Availability != "active")
            {
                output.WriteLine($"{about}: matches, but takes no jobs while it is not ready and active");
                continue;
            }
            var matches = unmet is null ? "Swarm judges the constraints (an attribute this check does not read)" : "matches";
            // With the folder the runner's task mounts: a node without it would refuse every job's runner.
            var image = await manager.TryImageAsync(node.Id, config.Swarm.RunnerImage, RunnerImageCheck, config.Swarm.NodeVolumes, ImageTimeout, ct);
            if (image is not null && config.Swarm.NodeVolumes is { } volumes && image.Contains(volumes, StringComparison.Ordinal))
                image += $" (swarm.node_volumes: set it to where this node's engine keeps volumes, or none)";
            output.WriteLine(image is null
                ? $"{about}: {matches}; pulls and starts {config.Swarm.RunnerImage}"
                : $"{about}: {matches}; cannot start {config.Swarm.RunnerImage}: {image}");
            if (image is null) usable++;
        }
        output.WriteLine(usable > 0 ? $"ok: {usable} nodes can run jobs" : "no node can run jobs: see the lines above");
        return usable > 0 ? 0 : 1;
    }

    /// <summary>The runner's own smallest command: proves the image is there and its program starts.</summary>
    private static readonly IReadOnlyList<string> RunnerImageCheck = ["/cion-runner", "--version"];
}
