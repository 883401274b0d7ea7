using Cion.Core.Config;

namespace Cion.Core.LocalRuns;

/// <summary>
/// Pure: the values of <c>cion run</c>'s repeated options, <c>--env K=V</c> and <c>--secret K=V</c>.
/// A name follows the rule of <c>.cion.yml</c>'s <c>env:</c> (a portable shell name, none that cion sets itself);
/// the value is everything after the first <c>=</c>, as given, and may be empty. A name given twice keeps its last value.
/// </summary>
public static class RunArguments
{
    /// <exception cref="LocalRunException">A value without <c>=</c>, or a bad or reserved name.</exception>
    public static Dictionary<string, string> Pairs(string option, IEnumerable<string> values)
    {
        var pairs = new Dictionary<string, string>();
        foreach (var value in values)
        {
            var (name, text) = Pair(option, value);
            pairs[name] = text;
        }
        return pairs;
    }

    /// <exception cref="LocalRunException">See <see cref="Pairs"/>.</exception>
    public static (string Name, string Value) Pair(string option, string value)
    {
        var eq = value.IndexOf('=');
        if (eq < 0) throw new LocalRunException($"{option} {value}: expected NAME=VALUE");
        var name = value[..eq];
        if (!EnvReader.IsValidName(name))
            throw new LocalRunException($"{option} {value}: '{name}' is not a valid variable name (letters, digits and _, not starting with a digit)");
        if (EnvReader.ReservedNames.Contains(name))
            throw new LocalRunException($"{option} {value}: '{name}' is reserved: cion sets this variable itself");
        return (name, value[(eq + 1)..]);
    }
}
