namespace Cion.Web.Rendering;

/// <summary>
/// Applies the parameters of one SGR sequence (<c>ESC [ parameters m</c>) to a style.
/// Codes it does not know are skipped, as a terminal would; it never throws on what a log contains.
/// </summary>
internal static class SgrParameters
{
    /// <summary>The longest parameter text looked at; the escape reader holds back no more than this.</summary>
    public const int MaxLength = 64;

    /// <summary>A code longer than this is no code we know; stops a digit run from overflowing.</summary>
    private const int MaxDigits = 5;

    private const int Unknown = -1;

    /// <param name="parameters">The text between <c>ESC [</c> and <c>m</c>, e.g. "1;38;5;208".</param>
    public static AnsiState Apply(AnsiState state, ReadOnlySpan<char> parameters)
    {
        if (parameters.Length > MaxLength)
            return state;
        // Every ';' starts a new code, so there is at most one more code than there are characters.
        Span<Range> codes = stackalloc Range[parameters.Length + 1];
        var count = parameters.Split(codes, ';');
        // 38 and 48 take up to four more numbers: "5;n" or "2;r;g;b".
        Span<int> followers = stackalloc int[4];
        for (var i = 0; i < count; i++)
        {
            var code = parameters[codes[i]];
            if (code.Contains(':'))
            {
                // ITU T.416 spelling of a colour, "38:5:n" or "38:2:[colour space]:r:g:b", all in one code.
                state = ApplyColonColour(state, code);
                continue;
            }
            var number = Number(code);
            if (number is 38 or 48)
            {
                var rest = followers[..Math.Min(followers.Length, count - i - 1)];
                for (var j = 0; j < rest.Length; j++)
                    rest[j] = Number(parameters[codes[i + 1 + j]]);
                var (colour, used) = ExtendedColour(rest);
                state = WithColour(state, foreground: number == 38, colour);
                i += used;
                continue;
            }
            state = ApplyCode(state, number);
        }
        return state;
    }

    private static AnsiState ApplyCode(AnsiState state, int code) => code switch
    {
        0 => default,
        1 => state with { Bold = true },
        2 => state with { Dim = true },
        3 => state with { Italic = true },
        4 => state with { Underline = true },
        22 => state with { Bold = false, Dim = false },
        23 => state with { Italic = false },
        24 => state with { Underline = false },
        >= 30 and <= 37 => state with { Foreground = code - 30 },
        39 => state with { Foreground = null },
        >= 40 and <= 47 => state with { Background = code - 40 },
        49 => state with { Background = null },
        >= 90 and <= 97 => state with { Foreground = code - 90 + 8 },
        >= 100 and <= 107 => state with { Background = code - 100 + 8 },
        _ => state,
    };

    private static AnsiState ApplyColonColour(AnsiState state, ReadOnlySpan<char> code)
    {
        Span<Range> parts = stackalloc Range[7];
        var count = code.Split(parts, ':');
        var kind = Number(code[parts[0]]);
        if (kind is not (38 or 48) || count < 3)
            return state;
        Span<int> rest = stackalloc int[count - 1];
        for (var i = 1; i < count; i++)
            rest[i - 1] = Number(code[parts[i]]);
        // "38:2:cs:r:g:b" names a colour space before r, g and b; drop it.
        if (rest[0] == 2 && rest.Length == 5)
        {
            rest[1] = 2;
            rest = rest[1..];
        }
        var (colour, used) = ExtendedColour(rest);
        return used == rest.Length ? WithColour(state, foreground: kind == 38, colour) : state;
    }

    /// <summary>
    /// Reads "5;n" or "2;r;g;b" after a 38 or 48.
    /// Returns the palette index (null when the numbers are out of range) and how many numbers it used.
    /// </summary>
    private static (int? Colour, int Used) ExtendedColour(ReadOnlySpan<int> rest)
    {
        if (rest.IsEmpty)
            return (null, 0);
        if (rest[0] == 5)
            return rest.Length >= 2 && IsByte(rest[1]) ? (AnsiPalette.FromIndexed(rest[1]), 2) : (null, Math.Min(rest.Length, 2));
        if (rest[0] == 2)
            return rest.Length >= 4 && IsByte(rest[1]) && IsByte(rest[2]) && IsByte(rest[3])
                ? (AnsiPalette.FromRgb(rest[1], rest[2], rest[3]), 4)
                : (null, Math.Min(rest.Length, 4));
        return (null, 1);
    }

    private static AnsiState WithColour(AnsiState state, bool foreground, int? colour) =>
        colour is null ? state
        : foreground ? state with { Foreground = colour }
        : state with { Background = colour };

    private static bool IsByte(int number) => number is >= 0 and <= 255;

    /// <summary>An empty code means 0 (so "ESC[m" resets); anything but a short digit run is <see cref="Unknown"/>.</summary>
    private static int Number(ReadOnlySpan<char> code)
    {
        if (code.IsEmpty)
            return 0;
        if (code.Length > MaxDigits || code.ContainsAnyExceptInRange('0', '9'))
            return Unknown;
        var number = 0;
        foreach (var digit in code)
            number = number * 10 + (digit - '0');
        return number;
    }
}
