using System.Globalization;
using System.Text;
using Cion.Core.Jobs;

namespace Cion.Web.Rendering;

/// <summary>
/// Draws a flat, shields.io-style status badge: a grey label on the left, the status on the right
/// in the colour of its state. Text is escaped, and characters XML cannot hold are dropped, so any
/// repository name makes a well-formed image.
/// </summary>
public static class BadgeSvg
{
    internal const string Green = "#2da44e", Red = "#cf222e", OrangeRed = "#bc4c00", Grey = "#6e7781", Blue = "#0969da";

    private const string LabelGrey = "#555";

    // Verdana at 11px averages about 7px a character; the padding is 5px on each side.
    private const int CharacterWidth = 7, Padding = 10;

    public static string Render(string label, string status)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(status);
        var labelWidth = WidthOf(label);
        var statusWidth = WidthOf(status);
        var width = labelWidth + statusWidth;
        var title = Escape($"{label}: {status}");
        var labelText = Escape(label);
        var statusText = Escape(status);
        var labelCentre = Number(labelWidth / 2.0);
        var statusCentre = Number(labelWidth + statusWidth / 2.0);
        return $$"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="20" role="img" aria-label="{{title}}">
              <title>{{title}}</title>
              <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
              <clipPath id="r"><rect width="{{width}}" height="20" rx="3" fill="#fff"/></clipPath>
              <g clip-path="url(#r)">
                <rect width="{{labelWidth}}" height="20" fill="{{LabelGrey}}"/>
                <rect x="{{labelWidth}}" width="{{statusWidth}}" height="20" fill="{{ColourOf(status)}}"/>
                <rect width="{{width}}" height="20" fill="url(#s)"/>
              </g>
              <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
                <text x="{{labelCentre}}" y="15" fill="#010101" fill-opacity=".3">{{labelText}}</text>
                <text x="{{labelCentre}}" y="14">{{labelText}}</text>
                <text x="{{statusCentre}}" y="15" fill="#010101" fill-opacity=".3">{{statusText}}</text>
                <text x="{{statusCentre}}" y="14">{{statusText}}</text>
              </g>
            </svg>
            """;
    }

    /// <summary>The fill for a status word; anything that is not a job state ("unknown", "no runs") is grey.</summary>
    internal static string ColourOf(string status) =>
        !JobStateWords.TryParse(status, out var state) ? Grey : state switch
        {
            JobState.Succeeded => Green,
            JobState.Failed => Red,
            JobState.Error => OrangeRed,
            JobState.Running or JobState.Queued => Blue,
            JobState.Cancelled => Grey,
            _ => Grey,
        };

    private static int WidthOf(string text) => text.EnumerateRunes().Count() * CharacterWidth + Padding;

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0's Char production, less the surrogate pairs handled by the caller.</summary>
    private static bool IsXmlCharacter(char c) =>
        c is '\t' or '\n' or '\r' or (>= ' ' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]))
                escaped.Append(text[i]).Append(text[++i]);
            else if (IsXmlCharacter(text[i]))
                MarkupText.AppendEscaped(text[i], escaped);
        }
        return escaped.ToString();
    }
}
