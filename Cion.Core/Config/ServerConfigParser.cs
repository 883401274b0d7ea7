using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Pure: YAML text of the server config in, <see cref="ServerConfig"/> or located errors out.
/// Relative paths are taken relative to the config file's own directory, so a
/// config written next to a project (the demo, the tests) means what it says.
/// </summary>
public static class ServerConfigParser
{
    public static ServerConfig Parse(string text, string sourceFile)
    {
        var tree = new YamlTree(sourceFile);
        var root = tree.Load(text);
        var config = new ServerConfig { SourceFile = sourceFile };
        if (root is not null && tree.Mapping(root, "", "a map of settings") is { } map)
            config = ReadSettings(tree, map, config, Path.GetDirectoryName(sourceFile) ?? "/");
        if (tree.Errors.Count > 0) throw new ConfigException(tree.Errors);
        return config;
    }

    private static ServerConfig ReadSettings(YamlTree tree, YamlMappingNode map, ServerConfig config, string baseDir)
    {
        foreach (var (key, keyNode, value) in YamlTree.Entries(map))
        {
            config = key switch
            {
                "spool" => tree.String(value, key) is { } s ? config with { Spool = Absolute(s, baseDir) } : config,
                "state" => tree.String(value, key) is { } s ? config with { State = Absolute(s, baseDir) } : config,
                "log" => tree.String(value, key) is { } s ? config with { Log = Absolute(s, baseDir) } : config,
                "docker" => tree.String(value, key) is { } s ? config with { Docker = s } : config,
                "repos" => tree.StringList(value, key) is { } list ? config with { Repos = [.. list.Select(r => Absolute(r, baseDir))] } : config,
                "concurrency" => tree.Integer(value, key, 1, 256) is { } n ? config with { Concurrency = n } : config,
                "dind" => ReadDind(tree, value, config),
                _ => Unknown(tree, keyNode, key, config),
            };
        }
        return config;
    }

    private static ServerConfig ReadDind(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, "dind") is not { } map) return config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            if (key == "image")
                config = tree.String(child, "dind.image") is { } image ? config with { DindImage = image } : config;
            else
                tree.Fail(keyNode, $"dind.{key}", "unknown key (known: image)");
        }
        return config;
    }

    private static ServerConfig Unknown(YamlTree tree, YamlNode keyNode, string key, ServerConfig config)
    {
        tree.Fail(keyNode, key, "unknown key (known: spool, state, repos, docker, concurrency, log, dind)");
        return config;
    }

    private static string Absolute(string path, string baseDir) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, baseDir));
}
