using Cion.Core.Contract;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Reads a YAML mapping tree while collecting located errors, so both parsers
/// (server config and <c>.cion.yml</c>) report problems the same way: file, line, key.
/// Uses YamlDotNet's node model rather than its reflection-based deserializer,
/// because the node model keeps line numbers and works without reflection
/// (the hook is meant to be compiled ahead of time).
/// </summary>
internal sealed class YamlTree(string file)
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>Config files are small; anything bigger is refused before it is parsed.</summary>
    public const int MaxLength = 256 * 1024;
    /// <summary>Aliases are counted before any object is built: a "billion laughs" file never expands.</summary>
    public const int MaxAliases = 64;

    /// <summary>Parses text into its single document's root node; null when the text is empty or broken.</summary>
    public YamlNode? Load(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Fail(0, "", "the file is empty");
            return null;
        }
        if (text.Length > MaxLength)
        {
            Fail(0, "", $"the file is {text.Length / 1024} KiB; the limit is {MaxLength / 1024} KiB");
            return null;
        }
        try
        {
            if (CountAliases(text) > MaxAliases)
            {
                Fail(0, "", $"more than {MaxAliases} YAML aliases (*name); refused as a possible alias bomb");
                return null;
            }
            var stream = new YamlStream();
            // A byte order mark is common from editors and means nothing to YAML here.
            stream.Load(new StringReader(text.TrimStart('\uFEFF')));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                Fail(0, "", "the file holds no YAML document");
                return null;
            }
            if (stream.Documents.Count > 1)
                Fail(LineOf(stream.Documents[1].RootNode), "", "only one YAML document is allowed");
            return stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            Fail((int)e.Start.Line, "", $"not valid YAML: {Unwrap(e).Message}");
            return null;
        }
    }

    private static int CountAliases(string text)
    {
        var parser = new Parser(new StringReader(text.TrimStart('\uFEFF')));
        var aliases = 0;
        while (parser.MoveNext())
            if (parser.Current is YamlDotNet.Core.Events.AnchorAlias && ++aliases > MaxAliases) break;
        return aliases;
    }

    public void Fail(int line, string key, string message) => _errors.Add(new ConfigError(file, line, key, message));

    public void Fail(YamlNode node, string key, string message) => Fail(LineOf(node), key, message);

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    /// <summary>The mapping at <paramref name="node"/>, or null after recording an error naming <paramref name="key"/>.</summary>
    public YamlMappingNode? Mapping(YamlNode node, string key, string expected = "a map")
    {
        if (node is YamlMappingNode map) return map;
        Fail(node, key, $"expected {expected}, found {Describe(node)}");
        return null;
    }

    /// <summary>A scalar's text; null (with an error) for lists, maps and an explicit null.</summary>
    public string? String(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: not null } scalar && !IsNull(scalar)) return scalar.Value;
        Fail(node, key, $"expected a string, found {Describe(node)}");
        return null;
    }

    /// <summary>An image reference Docker would accept, or null with an error naming the key.</summary>
    public string? Image(YamlNode node, string key)
    {
        var text = String(node, key);
        if (text is null || ImageReference.IsValid(text)) return text;
        Fail(node, key, $"'{text}' is not an image reference (such as registry:5000/team/app:1.2)");
        return null;
    }

    public int? Integer(YamlNode node, string key, int min, int max)
    {
        var text = String(node, key);
        if (text is null) return null;
        if (int.TryParse(text, out var value) && value >= min && value <= max) return value;
        Fail(node, key, $"expected a whole number from {min} to {max}, found '{text}'");
        return null;
    }

    public bool? Boolean(YamlNode node, string key)
    {
        if (AsBoolean(node) is { } value) return value;
        Fail(node, key, $"expected true or false, found {Describe(node)}");
        return null;
    }

    /// <summary>The node's truth value when it is a plain YAML boolean, else null (and no error).</summary>
    public static bool? AsBoolean(YamlNode node) => node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } ? text switch
    {
        "true" or "True" or "TRUE" or "yes" or "on" => true,
        "false" or "False" or "FALSE" or "no" or "off" => false,
        _ => null,
    } : null;

    public TimeSpan? Duration(YamlNode node, string key)
    {
        var text = String(node, key);
        if (text is null) return null;
        if (Config.Duration.TryParse(text, out var duration)) return duration;
        Fail(node, key, $"expected a duration such as 30s, 10m or 1h (at most 720h), found '{text}'");
        return null;
    }

    public long? Size(YamlNode node, string key)
    {
        var text = String(node, key);
        if (text is null) return null;
        if (ByteSize.TryParse(text, out var bytes)) return bytes;
        Fail(node, key, $"expected a size such as 50M or 1G, found '{text}'");
        return null;
    }

    /// <summary>A list of strings; a single string is accepted as a list of one.</summary>
    public List<string>? StringList(YamlNode node, string key)
    {
        if (node is YamlScalarNode) return String(node, key) is { } one ? [one] : null;
        if (node is not YamlSequenceNode seq)
        {
            Fail(node, key, $"expected a list of strings, found {Describe(node)}");
            return null;
        }
        var items = new List<string>();
        for (var i = 0; i < seq.Children.Count; i++)
            if (String(seq.Children[i], $"{key}[{i}]") is { } item) items.Add(item);
        return items;
    }

    /// <summary>
    /// A list of strings (or a single one) each of which <paramref name="problem"/> accepts; each it refuses is
    /// reported under its own index. Null, with an error, for a map or nothing, since an empty setting there is
    /// more likely a slip than a wish for none (<c>[]</c> says that).
    /// </summary>
    public List<string>? CheckedList(YamlNode node, string key, string expected, Func<string, string?> problem)
    {
        IReadOnlyList<YamlNode>? items = node switch
        {
            YamlSequenceNode seq => [.. seq.Children],
            YamlScalarNode scalar when !IsNull(scalar) => [node],
            _ => null,
        };
        if (items is null)
        {
            Fail(node, key, $"expected {expected}, found {Describe(node)}");
            return null;
        }
        var accepted = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var at = node is YamlSequenceNode ? $"{key}[{i}]" : key;
            if (String(items[i], at) is not { } text) continue;
            if (problem(text) is { } why) Fail(items[i], at, why);
            else accepted.Add(text);
        }
        return accepted;
    }

    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode map) =>
        map.Children.Select(pair => (((pair.Key as YamlScalarNode)?.Value) ?? "", pair.Key, pair.Value));

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a map",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };

    private static Exception Unwrap(YamlException e) => e.InnerException is YamlException inner ? Unwrap(inner) : e;
}
