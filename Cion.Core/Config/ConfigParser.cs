using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Pure: the text of a <c>.cion.yml</c> in, a <see cref="CionConfig"/> or located errors out.
/// A step may be written as a plain map (<c>build: {image: x, env: {...}}</c>) or, as in
/// the original design document, as a list of one-key maps (<c>build: [{image: x}, {env: {...}}]</c>);
/// both mean the same thing.
/// </summary>
public static class ConfigParser
{
    private static readonly string[] BuildKeys = ["image", "env", "cmd", "docker", "timeout", "secrets", "cache"];
    private static readonly string[] ReleaseKeys = ["image", "env", "cmd", "docker", "timeout", "secrets", "cache", "branches", "environment"];

    public static CionConfig Parse(string text, string file = CionConfig.FileName)
    {
        var tree = new YamlTree(file);
        var root = tree.Load(text);
        StepConfig? build = null, test = null, release = null;
        IReadOnlyList<ServiceConfig> services = [];
        IReadOnlyList<NotifyConfig> notify = [];
        if (root is not null && tree.Mapping(root, "", "a map with 'build' and optionally 'test', 'release', 'services', 'cache' and 'notify'") is { } map)
        {
            // Read first, wherever it stands: the top-level cache is each step's default.
            var cache = YamlTree.Entries(map).Where(e => e.Key == CacheKey).Select(e => tree.Boolean(e.Value, CacheKey)).FirstOrDefault() ?? true;
            foreach (var (key, keyNode, value) in YamlTree.Entries(map))
            {
                switch (key)
                {
                    case StepNames.Build: build = ReadStep(tree, value, key, BuildKeys, new(DockerRequest.Engine, cache)); break;
                    case StepNames.Test: test = ReadStep(tree, value, key, BuildKeys, new(DockerRequest.None, cache)); break;
                    case StepNames.Release: release = ReadStep(tree, value, key, ReleaseKeys, new(DockerRequest.None, cache)); break;
                    case "services": services = ServicesReader.Read(tree, value); break;
                    case NotifyReader.Key: notify = NotifyReader.Read(tree, value); break;
                    case CacheKey: break;
                    default: tree.Fail(keyNode, key, "unknown key (known: build, test, release, services, cache, notify)"); break;
                }
            }
            if (!YamlTree.Entries(map).Any(e => e.Key == StepNames.Build))
                tree.Fail(root, StepNames.Build, "missing: every .cion.yml needs a build step");
        }
        if (tree.Errors.Count > 0 || build is null) throw new ConfigException(tree.Errors);
        return new CionConfig(build, release, services) { Test = test, Notify = notify };
    }

    /// <summary><c>cache: false</c>, at the top level or in a step: the step's engine starts empty, whatever the server's <c>dind.cache</c>.</summary>
    public const string CacheKey = "cache";

    /// <summary>What a step gets when it does not say.</summary>
    private readonly record struct StepDefaults(DockerRequest Docker, bool Cache);

    private static StepConfig? ReadStep(YamlTree tree, YamlNode node, string step, string[] known, StepDefaults defaults)
    {
        var entries = StepEntries(tree, node, step);
        if (entries is null) return null;
        string? image = null;
        Dictionary<string, string> env = [];
        List<string>? cmd = null, branches = null;
        var docker = defaults.Docker;
        var cache = defaults.Cache;
        TimeSpan? timeout = null;
        List<string> secrets = [];
        var environment = StepConfig.DefaultEnvironment;
        foreach (var (key, keyNode, value) in entries)
        {
            var name = $"{step}.{key}";
            switch (key)
            {
                case "image": image = tree.Image(value, name); break;
                case "env": env = EnvReader.Read(tree, value, name) ?? env; break;
                case "cmd": cmd = ReadCmd(tree, value, name); break;
                case "docker": docker = ReadDocker(tree, value, name) ?? docker; break;
                case "timeout": timeout = tree.Duration(value, name); break;
                case CacheKey: cache = tree.Boolean(value, name) ?? cache; break;
                case "secrets": secrets = SecretNames(tree, value, name, env) ?? secrets; break;
                case "branches" when known.Contains(key): branches = tree.StringList(value, name); break;
                case "environment" when known.Contains(key): environment = EnvironmentName(tree, value, name) ?? environment; break;
                default: tree.Fail(keyNode, name, $"unknown key (known: {string.Join(", ", known)})"); break;
            }
        }
        if (image is null && !entries.Any(e => e.Key == "image"))
            tree.Fail(node, $"{step}.image", "missing: the step needs an image to run");
        return image is null ? null : new StepConfig
        {
            Image = image, Env = env, Cmd = cmd, Branches = branches, Docker = docker, Timeout = timeout, Environment = environment,
            Secrets = secrets, Cache = cache,
        };
    }

    /// <summary>Flattens both step forms into one list of entries, rejecting a key given twice.</summary>
    private static List<(string Key, YamlNode KeyNode, YamlNode Value)>? StepEntries(YamlTree tree, YamlNode node, string step)
    {
        var entries = new List<(string Key, YamlNode KeyNode, YamlNode Value)>();
        if (node is YamlMappingNode map)
            entries.AddRange(YamlTree.Entries(map));
        else if (node is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children)
                if (tree.Mapping(item, step, "a one-key map such as '- image: NAME'") is { } one)
                    entries.AddRange(YamlTree.Entries(one));
        }
        else
        {
            tree.Fail(node, step, $"expected a map (image, env, ...) or a list of one-key maps, found {YamlTree.Describe(node)}");
            return null;
        }
        foreach (var twice in entries.GroupBy(e => e.Key).Where(g => g.Count() > 1))
            tree.Fail(twice.Last().KeyNode, $"{step}.{twice.Key}", "given more than once");
        return entries;
    }

    /// <summary><c>true</c> and <c>false</c> as ever; <c>root</c> asks for a root engine instead of the server's.</summary>
    private static DockerRequest? ReadDocker(YamlTree tree, YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: RootEngine }) return DockerRequest.Root;
        if (YamlTree.AsBoolean(node) is { } wanted) return wanted ? DockerRequest.Engine : DockerRequest.None;
        tree.Fail(node, key, $"expected true, false or {RootEngine}, found {YamlTree.Describe(node)}");
        return null;
    }

    /// <summary>The <c>docker</c> value that asks for a root engine.</summary>
    public const string RootEngine = "root";

    /// <summary>Secret names become variable names: the same rules as env, and not given twice.</summary>
    internal static List<string>? SecretNames(YamlTree tree, YamlNode node, string key, Dictionary<string, string> env)
    {
        var names = tree.StringList(node, key);
        if (names is null) return null;
        foreach (var name in names)
        {
            if (!EnvReader.IsValidName(name)) tree.Fail(node, key, $"'{name}' is not a valid variable name");
            else if (EnvReader.ReservedNames.Contains(name)) tree.Fail(node, key, $"'{name}' is reserved: cion sets this variable itself");
            else if (env.ContainsKey(name)) tree.Fail(node, key, $"'{name}' is also set in env");
        }
        return names;
    }

    /// <summary>An environment's name becomes a folder under <c>STATE/deployments/REPO/</c>.</summary>
    internal static string? EnvironmentName(YamlTree tree, YamlNode node, string key)
    {
        var name = tree.String(node, key);
        if (name is null) return null;
        if (name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name[0] != '.') return name;
        tree.Fail(node, key, $"'{name}' is not an environment name (letters, digits, '-', '_', '.')");
        return null;
    }

    internal static List<string>? ReadCmd(YamlTree tree, YamlNode node, string key) => node switch
    {
        YamlScalarNode => tree.String(node, key) is { } line ? ["/bin/sh", "-c", line] : null,
        _ => tree.StringList(node, key),
    };
}
