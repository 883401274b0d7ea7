using System.Globalization;
using System.Text.RegularExpressions;

namespace Cion.Core.Config;

/// <summary>Pure: sizes as people write them: <c>50M</c>, <c>1G</c>, <c>512k</c>, <c>50MB</c> or a number of bytes (powers of 1024).</summary>
public static partial class ByteSize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = Shape().Match(text.Trim());
        if (!match.Success || !long.TryParse(match.Groups["n"].Value, CultureInfo.InvariantCulture, out var number)) return false;
        var unit = match.Groups["u"].Value.ToUpperInvariant() switch { "" => 1L, "K" => 1L << 10, "M" => 1L << 20, _ => 1L << 30 };
        if (number > long.MaxValue / unit) return false;
        bytes = number * unit;
        return bytes > 0;
    }

    public static string Format(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MiB"
        : bytes >= 1L << 10 ? $"{bytes / (double)(1L << 10):0.#} KiB"
        : $"{bytes} bytes";

    [GeneratedRegex(@"^(?<n>\d{1,15})\s*(?<u>[kKmMgG]?)(?:i?[bB])?$")]
    private static partial Regex Shape();
}
