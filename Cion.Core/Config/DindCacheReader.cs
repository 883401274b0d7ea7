using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Pure: the server config's <c>dind.cache</c>, either a scope alone (<c>cache: branch</c>) or a map
/// <c>{scope, volumes, max_size}</c> for when the pool's bounds are set too.
/// </summary>
internal static class DindCacheReader
{
    private const string Known = "scope, volumes, max_size";

    public static ServerConfig Read(YamlTree tree, YamlNode node, string at, ServerConfig config)
    {
        if (node is not YamlMappingNode map) return ReadScope(tree, node, at) is { } scope ? config with { DindCache = scope } : config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            var keyAt = $"{at}.{key}";
            config = key switch
            {
                "scope" => ReadScope(tree, child, keyAt) is { } scope ? config with { DindCache = scope } : config,
                "volumes" => tree.Integer(child, keyAt, 1, 256) is { } volumes ? config with { DindCacheVolumes = volumes } : config,
                "max_size" => tree.Size(child, keyAt) is { } size ? config with { DindCacheMaxSize = size } : config,
                _ => ServerConfigParser.Unknown(tree, keyNode, keyAt, config, Known),
            };
        }
        return config;
    }

    private static CacheScope? ReadScope(YamlTree tree, YamlNode node, string at)
    {
        // YAML reads a plain off as false: accept both spellings of "no cache".
        if (YamlTree.AsBoolean(node) is false) return CacheScope.Off;
        if (node is YamlMappingNode)
        {
            tree.Fail(node, at, $"expected repo, branch or off, found {YamlTree.Describe(node)}");
            return null;
        }
        var text = tree.String(node, at);
        if (text is null) return null;
        if (Enum.TryParse<CacheScope>(text, ignoreCase: true, out var scope) && !int.TryParse(text, out _)) return scope;
        tree.Fail(node, at, $"expected repo, branch or off, found '{text}'");
        return null;
    }
}
