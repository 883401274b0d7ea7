namespace Cion.Web.Rendering;

/// <summary>What one character fed to <see cref="AnsiEscapeReader"/> turned out to be.</summary>
internal enum AnsiToken
{
    /// <summary>Part of an escape sequence (or its end, when the sequence is not SGR): print nothing.</summary>
    Swallowed,
    /// <summary>Plain text: print it.</summary>
    Text,
    /// <summary>The final 'm' of an SGR sequence: apply <see cref="AnsiEscapeReader.SgrParameters"/>.</summary>
    Sgr,
}

/// <summary>
/// Picks escape sequences out of a character stream one character at a time, so that a sequence
/// split across reads is recognised whole. It keeps at most <see cref="Rendering.SgrParameters.MaxLength"/>
/// characters: an SGR sequence with longer parameters is swallowed without effect, and the content of
/// an OSC (hyperlinks, window titles) is never stored at all, only skipped.
/// After a '\n' the reader is always back in plain text, because an unterminated OSC ends there too:
/// one stray ESC ] must not swallow the rest of a build log.
/// </summary>
internal sealed class AnsiEscapeReader
{
    private const char Escape = '\u001b', Bell = '\u0007', StringTerminator = '\u009c';

    private enum Mode { Text, Escape, EscapeIntermediate, Csi, ControlString, ControlStringEscape }

    private readonly char[] parameters = new char[Rendering.SgrParameters.MaxLength];
    private int parameterLength;
    // Set when a CSI sequence turns out not to be one we apply (a private marker such as
    // "ESC[>4;2m", an intermediate byte, or parameters too long to keep): it is still read to its end.
    private bool csiIgnored;
    private Mode mode;

    /// <summary>The parameters of the SGR sequence just completed; valid right after <see cref="AnsiToken.Sgr"/>.</summary>
    public ReadOnlySpan<char> SgrParameters => parameters.AsSpan(0, parameterLength);

    public AnsiToken Read(char c) => mode switch
    {
        Mode.Escape => AfterEscape(c),
        Mode.EscapeIntermediate => InEscapeIntermediate(c),
        Mode.Csi => InCsi(c),
        Mode.ControlString => InControlString(c),
        Mode.ControlStringEscape => AfterEscapeInControlString(c),
        _ => InText(c),
    };

    private AnsiToken InText(char c)
    {
        if (c != Escape)
            return AnsiToken.Text;
        mode = Mode.Escape;
        return AnsiToken.Swallowed;
    }

    private AnsiToken AfterEscape(char c)
    {
        switch (c)
        {
            case '[':
                (mode, parameterLength, csiIgnored) = (Mode.Csi, 0, false);
                return AnsiToken.Swallowed;
            // OSC, and DCS, SOS, PM and APC, which end the same way.
            case ']' or 'P' or 'X' or '^' or '_':
                mode = Mode.ControlString;
                return AnsiToken.Swallowed;
            case Escape:
                return AnsiToken.Swallowed;
            default:
                // Everything else is ESC, intermediate bytes, a final byte: "ESC ( B", "ESC 7", "ESC M".
                return InEscapeIntermediate(c);
        }
    }

    private AnsiToken InEscapeIntermediate(char c)
    {
        switch (c)
        {
            case >= ' ' and <= '/':
                mode = Mode.EscapeIntermediate;
                return AnsiToken.Swallowed;
            case >= '0' and <= '~':
                mode = Mode.Text;
                return AnsiToken.Swallowed;
            default:
                return Abandon(c);
        }
    }

    private AnsiToken InCsi(char c)
    {
        switch (c)
        {
            case >= '0' and <= '?':
                // A private marker ("ESC[?25h", "ESC[>4;2m") makes it no SGR of ours, and parameters
                // longer than we hold are dropped whole rather than applied in part.
                csiIgnored |= c is '<' or '=' or '>' or '?' || parameterLength == parameters.Length;
                if (!csiIgnored)
                    parameters[parameterLength++] = c;
                return AnsiToken.Swallowed;
            case >= ' ' and <= '/':
                csiIgnored = true;
                return AnsiToken.Swallowed;
            case >= '@' and <= '~':
                mode = Mode.Text;
                return c == 'm' && !csiIgnored ? AnsiToken.Sgr : AnsiToken.Swallowed;
            default:
                return Abandon(c);
        }
    }

    private AnsiToken InControlString(char c)
    {
        switch (c)
        {
            case Bell or StringTerminator:
                mode = Mode.Text;
                return AnsiToken.Swallowed;
            case Escape:
                mode = Mode.ControlStringEscape;
                return AnsiToken.Swallowed;
            case '\n':
                return Abandon(c);
            default:
                return AnsiToken.Swallowed;
        }
    }

    private AnsiToken AfterEscapeInControlString(char c)
    {
        if (c == '\\')
        {
            mode = Mode.Text;
            return AnsiToken.Swallowed;
        }
        // Any other ESC ends the string and begins a new sequence, as in xterm.
        mode = Mode.Escape;
        return AfterEscape(c);
    }

    /// <summary>
    /// A character that cannot be part of the sequence (a newline, a control, a non-ASCII letter)
    /// ends it unapplied and is read as text, so a broken sequence loses only itself.
    /// </summary>
    private AnsiToken Abandon(char c)
    {
        mode = Mode.Text;
        return InText(c);
    }
}
