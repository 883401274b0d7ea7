using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>Pure: the server config's <c>dind.warm</c>, engines started before a job asks: a map, or <c>off</c> for none.</summary>
internal static class WarmReader
{
    private const string Known = "max, idle";

    public static ServerConfig Read(YamlTree tree, YamlNode node, string at, ServerConfig config)
    {
        // `warm: off` (YAML's false) turns them off without a map.
        if (YamlTree.AsBoolean(node) is false) return config with { DindWarmMax = 0 };
        if (tree.Mapping(node, at, "a map such as {max: 2, idle: 10m}, or off") is not { } map) return config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            var path = $"{at}.{key}";
            config = key switch
            {
                "max" => tree.Integer(child, path, 0, 64) is { } max ? config with { DindWarmMax = max } : config,
                "idle" => tree.Duration(child, path) is { } idle ? config with { DindWarmIdle = idle } : config,
                _ => ServerConfigParser.Unknown(tree, keyNode, path, config, Known),
            };
        }
        return config;
    }
}
