using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Pure: the <c>dind</c> settings <c>runner: swarm</c> cannot honour in this version, refused by name rather
/// than ignored, since each would quietly do nothing on the nodes. Checked once the whole file is read,
/// because <c>runner</c> may come after <c>dind</c>.
/// </summary>
internal static class SwarmDindRules
{
    public static ServerConfig Apply(YamlTree tree, YamlMappingNode root, ServerConfig config)
    {
        if (config.Runner != RunnerKind.Swarm) return config;
        var runner = $"with {SwarmReader.RunnerKey}: swarm (line {LineOf(root, SwarmReader.RunnerKey)})";
        if (ValueOf(root, "dind") is YamlMappingNode dind)
        {
            if (config.DindPreload.Count > 0 && KeyOf(dind, "preload") is { } preload)
                tree.Fail(preload, "dind.preload", $"not supported {runner}: it copies images from this host's engine, which the Swarm nodes do not share; "
                    + "push the images to a registry every node can reach (see docs/swarm.md)");
            if (config.DindWarmMax > 0 && ValueOf(dind, "warm") is YamlMappingNode warm && KeyOf(warm, "max") is { } max)
                tree.Fail(max, "dind.warm.max", $"must be 0 {runner}: warm engines wait on one host, and Swarm picks a node for each job; leave it out or set 0");
        }
        // Warm engines are per host: with the cluster choosing the host, none are started, whatever the default.
        return config with { DindWarmMax = 0 };
    }

    private static YamlNode? KeyOf(YamlMappingNode map, string key) =>
        YamlTree.Entries(map).Where(e => e.Key == key).Select(e => e.KeyNode).FirstOrDefault();

    private static YamlNode? ValueOf(YamlMappingNode map, string key) =>
        YamlTree.Entries(map).Where(e => e.Key == key).Select(e => e.Value).FirstOrDefault();

    private static int LineOf(YamlMappingNode map, string key) => KeyOf(map, key) is { } node ? YamlTree.LineOf(node) : 0;
}
