using System.Text.RegularExpressions;

namespace Cion.Core.Config;

/// <summary>
/// Pure: the shape Swarm accepts for a placement constraint, <c>node.labels.cion==runner</c> or
/// <c>node.role!=manager</c>, checked when the config is read rather than when the first job's service is refused.
/// </summary>
public static partial class SwarmConstraint
{
    private const string Example = "such as node.labels.cion==runner or node.role!=manager";

    /// <summary>Null when <paramref name="text"/> is <c>KEY==VALUE</c> or <c>KEY!=VALUE</c>; else why not.</summary>
    public static string? Problem(string text)
    {
        var match = Shape().Match(text);
        if (!match.Success) return $"'{text}' is not KEY==VALUE or KEY!=VALUE ({Example})";
        if (!Key().IsMatch(match.Groups["key"].Value))
            return $"'{match.Groups["key"].Value}' is not a constraint key: letters, digits, '.', '_' and '-', such as node.labels.cion";
        // Swarm reserves these for operators it may add; a value holding one would be read another way.
        if (match.Groups["value"].Value.IndexOfAny(['=', '!', '<', '>', '~']) >= 0)
            return $"'{text}' has more than one operator ({Example})";
        return null;
    }

    /// <summary>A constraint's parts, trimmed, or null when it is not <c>KEY==VALUE</c> or <c>KEY!=VALUE</c> (checked by <see cref="Problem"/> when the config is read).</summary>
    public static (string Key, bool IsEqual, string Value)? Parts(string text)
    {
        var match = Shape().Match(text);
        return match.Success ? (match.Groups["key"].Value, match.Groups["op"].Value == "==", match.Groups["value"].Value) : null;
    }

    [GeneratedRegex(@"^\s*(?<key>[^=!]+?)\s*(?<op>==|!=)\s*(?<value>\S(?:.*\S)?)\s*$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex Key();
}
