using System.Text.RegularExpressions;
using Cion.Core.Contract;
using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Reads an <c>env:</c> map. Names must be portable shell names and may not take
/// over the variables cion itself sets (<see cref="ReservedNames"/>): a build that
/// could redefine <c>ARTIFACTS_DIR</c> would write its output where cion never looks.
/// </summary>
internal static partial class EnvReader
{
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>
    {
        EnvNames.BuildDir, EnvNames.ArtifactsDir, EnvNames.DockerHost,
        EnvNames.Repo, EnvNames.Ref, EnvNames.Branch, EnvNames.Sha,
    };

    public static Dictionary<string, string>? Read(YamlTree tree, YamlNode node, string key)
    {
        if (node is YamlScalarNode s && YamlTree.IsNull(s)) return [];
        if (tree.Mapping(node, key, "a map of names to values") is not { } map) return null;
        var env = new Dictionary<string, string>();
        foreach (var (name, keyNode, value) in YamlTree.Entries(map))
        {
            var where = $"{key}.{name}";
            if (!ValidName().IsMatch(name))
                tree.Fail(keyNode, where, "not a valid variable name (letters, digits and _, not starting with a digit)");
            else if (ReservedNames.Contains(name))
                tree.Fail(keyNode, where, "reserved: cion sets this variable itself");
            else if (value is YamlScalarNode scalar)
                env[name] = YamlTree.IsNull(scalar) ? "" : scalar.Value ?? "";
            else
                tree.Fail(value, where, $"expected a value, found {YamlTree.Describe(value)}");
        }
        return env;
    }

    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ValidName();
}
