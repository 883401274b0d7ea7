using System.Text;

namespace Cion.Web.Rendering;

/// <summary>
/// Turns build-log text with ANSI escape sequences into HTML for a &lt;pre&gt;, one chunk at a time.
/// Every character of the log is escaped, and the only markup written is &lt;span class="..."&gt;
/// with class names from a fixed table (see ansi.css): no log byte reaches an attribute, and no
/// inline style is needed, which the page's Content-Security-Policy forbids.
/// </summary>
/// <remarks>
/// Each <see cref="Append"/> writes balanced HTML on its own, because chunks reach the page
/// separately (the first render, then Server-Sent Events). The style carries over between calls,
/// and so does an escape sequence cut in two by a chunk boundary. Right after a '\n' nothing is
/// held back, so a resume offset taken there plus <see cref="State"/> restarts the log exactly.
/// One instance reads one log; it is not thread-safe.
/// </remarks>
public sealed class AnsiHtml
{
    private const char ReplacementCharacter = '\uFFFD';

    private static readonly string[] ForegroundClasses = ClassNames("ansi-fg-");
    private static readonly string[] BackgroundClasses = ClassNames("ansi-bg-");

    private readonly AnsiEscapeReader reader = new();
    // The first half of a surrogate pair that ended the previous chunk, or '\0'.
    private char pendingHighSurrogate;

    /// <param name="start">The style in force where this text begins, e.g. from a resumed event id.</param>
    public AnsiHtml(AnsiState start = default) => State = start;

    /// <summary>The style after everything appended so far.</summary>
    public AnsiState State { get; private set; }

    public void Append(ReadOnlySpan<char> text, StringBuilder html)
    {
        ArgumentNullException.ThrowIfNull(html);
        // The style of the span currently open in html; default means none is open.
        // Spans open lazily so that a chunk of pure escapes writes no empty span.
        AnsiState open = default;
        foreach (var c in text)
        {
            switch (reader.Read(c))
            {
                case AnsiToken.Sgr:
                    State = SgrParameters.Apply(State, reader.SgrParameters);
                    break;
                case AnsiToken.Text when IsPrinted(c):
                    if (open != State)
                    {
                        CloseSpan(open, html);
                        OpenSpan(State, html);
                        open = State;
                    }
                    WriteCharacter(c, html);
                    break;
            }
        }
        CloseSpan(open, html);
    }

    /// <summary>
    /// Newline and tab are all a &lt;pre&gt; needs. "\r\n" becomes "\n" and a lone '\r' goes,
    /// since progress bars redrawing a line have no meaning in a page; other controls are noise.
    /// </summary>
    private static bool IsPrinted(char c) =>
        c is '\n' or '\t' || !char.IsControl(c);

    private void WriteCharacter(char c, StringBuilder html)
    {
        if (pendingHighSurrogate != '\0')
        {
            var high = pendingHighSurrogate;
            pendingHighSurrogate = '\0';
            if (char.IsLowSurrogate(c))
            {
                html.Append(high).Append(c);
                return;
            }
            html.Append(ReplacementCharacter);
        }
        if (char.IsHighSurrogate(c))
            pendingHighSurrogate = c;
        else if (char.IsLowSurrogate(c))
            html.Append(ReplacementCharacter);
        else
            MarkupText.AppendEscaped(c, html);
    }

    private static void OpenSpan(AnsiState state, StringBuilder html)
    {
        if (state.IsDefault)
            return;
        html.Append("<span class=\"");
        var first = true;
        void Add(string name)
        {
            if (!first) html.Append(' ');
            html.Append(name);
            first = false;
        }
        if (state.Bold) Add("ansi-bold");
        if (state.Dim) Add("ansi-dim");
        if (state.Italic) Add("ansi-italic");
        if (state.Underline) Add("ansi-underline");
        if (state.Foreground is int fg) Add(ForegroundClasses[fg]);
        if (state.Background is int bg) Add(BackgroundClasses[bg]);
        html.Append("\">");
    }

    private static void CloseSpan(AnsiState open, StringBuilder html)
    {
        if (!open.IsDefault)
            html.Append("</span>");
    }

    private static string[] ClassNames(string prefix) =>
        Enumerable.Range(0, AnsiPalette.Size).Select(i => prefix + i).ToArray();
}
