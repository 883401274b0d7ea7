using Cion.Core.Git;
using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>Pure: the server config's <c>dind</c> map, the per-job engines' settings.</summary>
internal static class DindReader
{
    private const string Known = "image, rootless_image, profile, args, ready_timeout, preload, trusted, cache, warm";

    public static ServerConfig Read(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, "dind") is not { } map) return config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            var at = $"dind.{key}";
            config = key switch
            {
                "image" => tree.String(child, at) is { } image ? config with { DindImage = image } : config,
                "rootless_image" => tree.String(child, at) is { } image ? config with { DindRootlessImage = image } : config,
                "profile" => ReadProfile(tree, child, at) is { } profile ? config with { DindProfile = profile } : config,
                "args" => tree.StringList(child, at) is { } args ? config with { DindArgs = args } : config,
                "ready_timeout" => tree.Integer(child, at, 1, 3600) is { } seconds ? config with { DindReadySeconds = seconds } : config,
                "preload" => tree.StringList(child, at) is { } images ? config with { DindPreload = images } : config,
                "trusted" => ReadTrusted(tree, child, at) is { } globs ? config with { DindTrusted = globs } : config,
                "cache" => DindCacheReader.Read(tree, child, at, config),
                "warm" => WarmReader.Read(tree, child, at, config),
                _ => ServerConfigParser.Unknown(tree, keyNode, at, config, Known),
            };
        }
        return config;
    }

    /// <summary>
    /// Repository globs, a list or a single one. A glob that can never match a name is an error:
    /// a lever that silently matches nothing would refuse jobs with no hint why.
    /// </summary>
    private static List<string>? ReadTrusted(YamlTree tree, YamlNode node, string at) =>
        tree.CheckedList(node, at, "a list of repository globs such as [team/*, infra/**]", RepoGlob.Problem);

    private static EngineProfile? ReadProfile(YamlTree tree, YamlNode node, string at)
    {
        var text = tree.String(node, at);
        if (text is null) return null;
        if (Enum.TryParse<EngineProfile>(text, ignoreCase: true, out var profile) && !int.TryParse(text, out _)) return profile;
        tree.Fail(node, at, $"expected auto, rootless, privileged or capabilities, found '{text}'");
        return null;
    }
}
