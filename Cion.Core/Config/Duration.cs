using System.Globalization;
using System.Text.RegularExpressions;

namespace Cion.Core.Config;

/// <summary>Pure: durations as people write them in config: <c>30s</c>, <c>10m</c>, <c>1h</c>, <c>1h30m</c>.</summary>
public static partial class Duration
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Shape().Match(text.Trim());
        if (!match.Success || match.Length == 0) return false;
        foreach (var (group, unit) in new[] { ("h", 3600), ("m", 60), ("s", 1) })
            if (match.Groups[group].Success)
                duration += TimeSpan.FromSeconds(long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * unit);
        // Timers in .NET take at most about 49 days; a CI step has no business near that.
        return duration > TimeSpan.Zero && duration <= Longest;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds < 60 ? $"{duration.TotalSeconds:0} s"
        : duration.TotalMinutes < 60 ? $"{duration.TotalMinutes:0.#} min"
        : $"{duration.TotalHours:0.#} h";

    [GeneratedRegex(@"^(?:(?<h>\d{1,4})h)?(?:(?<m>\d{1,5})m)?(?:(?<s>\d{1,6})s)?$")]
    private static partial Regex Shape();
}
