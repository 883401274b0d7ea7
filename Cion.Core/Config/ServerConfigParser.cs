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
            config = SwarmDindRules.Apply(tree, map, ReadSettings(tree, map, config, Path.GetDirectoryName(sourceFile) ?? "/"));
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
                "secrets" => tree.String(value, key) is { } s ? config with { Secrets = Absolute(s, baseDir) } : config,
                "docker" => tree.String(value, key) is { } s ? config with { Docker = s } : config,
                "repos" => tree.StringList(value, key) is { } list ? config with { Repos = [.. list.Select(r => Absolute(r, baseDir))] } : config,
                "concurrency" => tree.Integer(value, key, 1, 256) is { } n ? config with { Concurrency = n } : config,
                "dind" => DindReader.Read(tree, value, config),
                "services" => ReadServices(tree, value, config),
                "timeouts" => ReadTimeouts(tree, value, config),
                "keep" => ReadKeep(tree, value, config),
                "web" => ReadWeb(tree, value, config),
                "environments" => EnvironmentsReader.Read(tree, value, config),
                NotifyReader.Key => config with { Notify = NotifyReader.Read(tree, value) },
                "metrics" => MetricsReader.Read(tree, value, config),
                SwarmReader.RunnerKey => SwarmReader.ReadRunner(tree, value, config),
                SwarmReader.Key => SwarmReader.Read(tree, value, config),
                "log_limit" => tree.Size(value, key) is { } limit ? config with { LogLimit = limit } : config,
                "wait_timeout" => tree.Duration(value, key) is { } wait ? config with { WaitTimeout = wait } : config,
                _ => Unknown(tree, keyNode, key, config),
            };
        }
        return config;
    }

    private static ServerConfig ReadKeep(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, "keep") is not { } map) return config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            config = key switch
            {
                "runs" => tree.Integer(child, "keep.runs", 1, 1_000_000) is { } runs ? config with { KeepRuns = runs } : config,
                "days" => tree.Integer(child, "keep.days", 1, 100_000) is { } days ? config with { KeepDays = days } : config,
                "deployments" => tree.Integer(child, "keep.deployments", 1, 10_000) is { } deployments ? config with { KeepDeployments = deployments } : config,
                _ => Unknown(tree, keyNode, $"keep.{key}", config, "runs, days, deployments"),
            };
        }
        return config;
    }

    private static ServerConfig ReadWeb(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, "web") is not { } map) return config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            var at = $"web.{key}";
            config = key switch
            {
                "listen" => Checked(tree, child, at, WebSettings.ListenError) is { } listen ? config with { WebListen = listen } : config,
                "base_path" => Checked(tree, child, at, WebSettings.BasePathError) is { } path ? config with { WebBasePath = WebSettings.NormalBasePath(path) } : config,
                "url" => Checked(tree, child, at, JobPageUrl.UrlError) is { } url ? config with { WebUrl = url.TrimEnd('/') } : config,
                _ => Unknown(tree, keyNode, at, config, "listen, base_path, url"),
            };
        }
        return config;
    }

    /// <summary>The node's text when <paramref name="problem"/> finds nothing wrong with it; otherwise the problem is reported.</summary>
    private static string? Checked(YamlTree tree, YamlNode node, string at, Func<string, string?> problem)
    {
        if (tree.String(node, at) is not { } text) return null;
        if (problem(text) is not { } error) return text;
        tree.Fail(node, at, error);
        return null;
    }

    private static ServerConfig ReadTimeouts(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, "timeouts") is not { } map) return config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            var at = $"timeouts.{key}";
            config = key switch
            {
                StepNames.Build => tree.Duration(child, at) is { } build ? config with { BuildTimeout = build } : config,
                StepNames.Release => tree.Duration(child, at) is { } release ? config with { ReleaseTimeout = release } : config,
                _ => Unknown(tree, keyNode, at, config, "build, release"),
            };
        }
        return config;
    }

    private static ServerConfig ReadServices(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, "services") is not { } map) return config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            config = key == "allow_privileged"
                ? tree.Boolean(child, "services.allow_privileged") is { } allow ? config with { ServicesAllowPrivileged = allow } : config
                : Unknown(tree, keyNode, $"services.{key}", config, "allow_privileged");
        }
        return config;
    }

    /// <summary>Reports an unknown key and hands back what was read so far, of whichever section is being read.</summary>
    internal static T Unknown<T>(YamlTree tree, YamlNode keyNode, string key, T config,
        string known = "spool, state, repos, docker, concurrency, log, dind, services, timeouts, wait_timeout, log_limit, secrets, keep, web, environments, notify, metrics, runner, swarm")
    {
        tree.Fail(keyNode, key, $"unknown key (known: {known})");
        return config;
    }

    private static string Absolute(string path, string baseDir) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, baseDir));
}
