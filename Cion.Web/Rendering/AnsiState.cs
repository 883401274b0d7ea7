using System.Text;

namespace Cion.Web.Rendering;

/// <summary>
/// The text style an ANSI log has switched on so far: what the next printed character looks like.
/// <c>default</c> is the terminal's plain style. Colours are indexes into the 16-colour palette
/// (0-7 normal, 8-15 bright); wider colours are mapped to the nearest of these on the way in.
/// </summary>
public readonly record struct AnsiState
{
    /// <summary>Longest text <see cref="TryParse(ReadOnlySpan{char}, out AnsiState)"/> looks at; the longest <see cref="Format"/> output is "1;2;3;4;97;107".</summary>
    public const int MaxFormattedLength = 32;

    private readonly int? foreground;
    private readonly int? background;

    public bool Bold { get; init; }
    public bool Dim { get; init; }
    public bool Italic { get; init; }
    public bool Underline { get; init; }

    /// <summary>Palette index 0-15, or null for the page's own text colour.</summary>
    public int? Foreground { get => foreground; init => foreground = PaletteIndex(value); }

    /// <summary>Palette index 0-15, or null for the page's own background.</summary>
    public int? Background { get => background; init => background = PaletteIndex(value); }

    public bool IsDefault => this == default;

    /// <summary>
    /// The state as the SGR codes that recreate it from a reset, e.g. "1;31;44"; "" for <c>default</c>.
    /// It travels in Server-Sent Event ids, so it only ever holds digits and ';'.
    /// </summary>
    public string Format()
    {
        var codes = new StringBuilder(MaxFormattedLength);
        if (Bold) Add(codes, 1);
        if (Dim) Add(codes, 2);
        if (Italic) Add(codes, 3);
        if (Underline) Add(codes, 4);
        if (Foreground is int fg) Add(codes, fg < 8 ? 30 + fg : 90 + fg - 8);
        if (Background is int bg) Add(codes, bg < 8 ? 40 + bg : 100 + bg - 8);
        return codes.ToString();
    }

    /// <summary>Reads back exactly what <see cref="Format"/> writes; any other text (a stray code, a repeat, another order) is refused.</summary>
    public static bool TryParse(string? text, out AnsiState state)
    {
        state = default;
        return text is not null && TryParse(text.AsSpan(), out state);
    }

    /// <inheritdoc cref="TryParse(string?, out AnsiState)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out AnsiState state)
    {
        state = default;
        if (text.Length > MaxFormattedLength || text.ContainsAnyExcept("0123456789;"))
            return false;
        var parsed = SgrParameters.Apply(default, text);
        // Only the canonical spelling is accepted, so an id cannot smuggle in anything
        // Format would not have produced (a reset, 38;5;n, a code twice).
        if (!text.SequenceEqual(parsed.Format()))
            return false;
        state = parsed;
        return true;
    }

    private static void Add(StringBuilder codes, int code)
    {
        if (codes.Length > 0) codes.Append(';');
        codes.Append(code);
    }

    private static int? PaletteIndex(int? value) =>
        value is null or (>= 0 and < AnsiPalette.Size)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "An ANSI palette index is 0 to 15.");
}
