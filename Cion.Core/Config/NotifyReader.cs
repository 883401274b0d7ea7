using Cion.Core.Contract;
using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Reads <c>notify:</c>, in a repository's <c>.cion.yml</c> or the server's <c>cion.yml</c>: a list of
/// notifications, each a map (<c>- image: x</c> with <c>on:</c>, <c>env:</c>… under it). As with steps,
/// the design document's list of one-key maps works too: <c>- image: x</c> then <c>- on: [failure]</c>
/// is one notification, since a one-key item without <c>image</c> continues the one-key items before it.
/// A single map (<c>notify: {image: x}</c>) is a list of one.
/// </summary>
internal static class NotifyReader
{
    public const string Key = "notify";
    private static readonly string[] Known = ["image", "on", "env", "cmd", "secrets", "timeout"];

    private sealed record Group(YamlNode Node, List<(string Key, YamlNode KeyNode, YamlNode Value)> Entries, bool OneKeyItems);

    public static IReadOnlyList<NotifyConfig> Read(YamlTree tree, YamlNode node)
    {
        if (node is YamlScalarNode s && YamlTree.IsNull(s)) return [];
        List<Group> groups;
        if (node is YamlMappingNode map) groups = [new Group(map, [.. YamlTree.Entries(map)], false)];
        else if (node is YamlSequenceNode seq) groups = Groups(tree, seq);
        else
        {
            tree.Fail(node, Key, $"expected a list of notifications (- image: NAME), found {YamlTree.Describe(node)}");
            return [];
        }
        return [.. groups.Select((g, i) => ReadOne(tree, g, $"{Key}[{i}]")).OfType<NotifyConfig>()];
    }

    private static List<Group> Groups(YamlTree tree, YamlSequenceNode seq)
    {
        var groups = new List<Group>();
        foreach (var item in seq.Children)
        {
            if (tree.Mapping(item, Key, "a notification such as '- image: NAME'") is not { } map) continue;
            var entries = YamlTree.Entries(map).ToList();
            var last = groups.LastOrDefault();
            if (entries is [{ Key: not "image" } only] && last is { OneKeyItems: true } && last.Entries.All(e => e.Key != only.Key))
                last.Entries.Add(only);
            else
                groups.Add(new Group(map, entries, entries.Count == 1));
        }
        return groups;
    }

    private static NotifyConfig? ReadOne(YamlTree tree, Group group, string at)
    {
        foreach (var twice in group.Entries.GroupBy(e => e.Key).Where(g => g.Count() > 1))
            tree.Fail(twice.Last().KeyNode, $"{at}.{twice.Key}", "given more than once");
        string? image = null;
        var notify = new NotifyConfig { Image = "" };
        foreach (var (key, keyNode, value) in group.Entries)
        {
            var name = $"{at}.{key}";
            switch (key)
            {
                case "image": image = tree.Image(value, name); break;
                case "on": notify = Events(tree, value, name) is { } on ? notify with { On = on } : notify; break;
                case "env": notify = Env(tree, value, name) is { } env ? notify with { Env = env } : notify; break;
                case "cmd": notify = notify with { Cmd = ConfigParser.ReadCmd(tree, value, name) }; break;
                case "timeout": notify = tree.Duration(value, name) is { } timeout ? notify with { Timeout = timeout } : notify; break;
                case "secrets": break; // after env, which a secret may not repeat
                default: tree.Fail(keyNode, name, $"unknown key (known: {string.Join(", ", Known)})"); break;
            }
        }
        foreach (var (_, _, value) in group.Entries.Where(e => e.Key == "secrets"))
            if (Secrets(tree, value, $"{at}.secrets", notify.Env) is { } secrets) notify = notify with { Secrets = secrets };
        if (image is null && group.Entries.All(e => e.Key != "image"))
            tree.Fail(group.Node, $"{at}.image", "missing: a notification needs an image to run");
        return image is null ? null : notify with { Image = image };
    }

    private static List<NotifyEvent>? Events(YamlTree tree, YamlNode node, string key)
    {
        if (tree.StringList(node, key) is not { } words) return null;
        if (words.Count == 0)
        {
            tree.Fail(node, key, $"an empty list never runs: name events ({NotifyEventWords.Known}) or leave 'on' out for failure, fixed");
            return null;
        }
        var events = new List<NotifyEvent>();
        foreach (var word in words)
            if (NotifyEventWords.TryParse(word, out var e)) events.Add(e);
            else tree.Fail(node, key, $"'{word}' is not an event (known: {NotifyEventWords.Known})");
        return events.Count == words.Count ? [.. events.Distinct()] : null;
    }

    /// <summary>As a step's env, and the notification's own variables (<c>CION_STATUS</c>…) are cion's too.</summary>
    private static Dictionary<string, string>? Env(YamlTree tree, YamlNode node, string key)
    {
        var env = EnvReader.Read(tree, node, key);
        foreach (var name in env?.Keys.Where(NotifyEnvNames.All.Contains).ToList() ?? [])
        {
            tree.Fail(node, $"{key}.{name}", "reserved: cion sets this variable itself");
            env!.Remove(name);
        }
        return env;
    }

    private static List<string>? Secrets(YamlTree tree, YamlNode node, string key, IReadOnlyDictionary<string, string> env)
    {
        var names = ConfigParser.SecretNames(tree, node, key, new Dictionary<string, string>(env));
        if (names?.FirstOrDefault(NotifyEnvNames.All.Contains) is { } reserved)
            tree.Fail(node, key, $"'{reserved}' is reserved: cion sets this variable itself");
        return names;
    }
}
