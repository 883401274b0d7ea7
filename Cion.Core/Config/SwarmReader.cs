using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>Pure: the server config's <c>runner</c> word and its <c>swarm</c> map, read into <see cref="SwarmSettings"/>.</summary>
internal static class SwarmReader
{
    public const string RunnerKey = "runner";
    public const string Key = "swarm";
    private const string Known = "constraints, max_jobs_per_node, retry_lost, runner_image, runner_port, node_volumes, reserve, place_timeout";
    private const string KnownReserve = "cpus, memory";

    public static ServerConfig ReadRunner(YamlTree tree, YamlNode node, ServerConfig config)
    {
        if (tree.String(node, RunnerKey) is not { } text) return config;
        if (Enum.TryParse<RunnerKind>(text, ignoreCase: true, out var runner) && !int.TryParse(text, out _)) return config with { Runner = runner };
        tree.Fail(node, RunnerKey, $"expected local or swarm, found '{text}'");
        return config;
    }

    public static ServerConfig Read(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, Key, "a map such as {constraints: [node.labels.cion==runner], max_jobs_per_node: 2}") is not { } map)
            return config;
        var swarm = config.Swarm;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            var at = $"{Key}.{key}";
            swarm = key switch
            {
                "constraints" => ReadConstraints(tree, child, at) is { } constraints ? swarm with { Constraints = constraints } : swarm,
                "max_jobs_per_node" => tree.Integer(child, at, 1, 256) is { } max ? swarm with { MaxJobsPerNode = max } : swarm,
                "retry_lost" => tree.Boolean(child, at) is { } retry ? swarm with { RetryLost = retry } : swarm,
                "runner_image" => tree.Image(child, at) is { } image ? swarm with { RunnerImage = image } : swarm,
                "runner_port" => tree.Integer(child, at, 1, 65535) is { } port ? swarm with { RunnerPort = port } : swarm,
                "node_volumes" => ReadNodeVolumes(tree, child, at, swarm),
                "reserve" => ReadReserve(tree, child, at, swarm),
                "place_timeout" => tree.Duration(child, at) is { } timeout ? swarm with { PlaceTimeout = timeout } : swarm,
                _ => ServerConfigParser.Unknown(tree, keyNode, at, swarm, Known),
            };
        }
        return config with { Swarm = swarm };
    }

    /// <summary>An absolute folder (the nodes' engines' volumes), or <c>none</c>.</summary>
    private static SwarmSettings ReadNodeVolumes(YamlTree tree, YamlNode value, string at, SwarmSettings swarm)
    {
        if (tree.String(value, at) is not { } text) return swarm;
        if (text == "none") return swarm with { NodeVolumes = null };
        // Not / itself: every runner would get the node's whole disk, and no volume's place would ever match.
        if (text.StartsWith('/') && text.Trim('/').Length > 0 && !text.Split('/').Contains("..") && !text.Any(char.IsControl) && !text.Contains(','))
            return swarm with { NodeVolumes = Path.TrimEndingDirectorySeparator(text) };
        tree.Fail(value, at, $"must be an absolute folder such as /var/lib/docker/volumes (where the nodes' engines keep volumes), or none; got '{text}'");
        return swarm;
    }

    /// <summary>Each constraint is checked here: Swarm would only refuse it when the first job's service is created.</summary>
    private static List<string>? ReadConstraints(YamlTree tree, YamlNode node, string at) =>
        tree.CheckedList(node, at, "a list of constraints such as [node.labels.cion==runner]", SwarmConstraint.Problem);

    private static SwarmSettings ReadReserve(YamlTree tree, YamlNode node, string at, SwarmSettings swarm)
    {
        if (tree.Mapping(node, at, "a map such as {cpus: 0.5, memory: 512M}") is not { } map) return swarm;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            var keyAt = $"{at}.{key}";
            swarm = key switch
            {
                "cpus" => ReadCpus(tree, child, keyAt) is { } cpus ? swarm with { ReserveCpus = cpus } : swarm,
                "memory" => tree.Size(child, keyAt) is { } memory ? swarm with { ReserveMemory = memory } : swarm,
                _ => ServerConfigParser.Unknown(tree, keyNode, keyAt, swarm, KnownReserve),
            };
        }
        return swarm;
    }

    private static double? ReadCpus(YamlTree tree, YamlNode node, string at)
    {
        if (tree.String(node, at) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) && cpus is > 0 and <= 1024)
            return cpus;
        tree.Fail(node, at, $"expected a number of CPUs above 0, such as 0.5 or 2, found '{text}'");
        return null;
    }
}
