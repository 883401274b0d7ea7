using System.Globalization;
using System.Text;

namespace Cion.Web.Rendering;

/// <summary>
/// Spells a page's read positions as a Server-Sent Events id, e.g. "build:1234:1;31,release:0:",
/// so that a dropped live-log connection resumes (the browser sends it back as Last-Event-ID)
/// without losing or repeating lines. The id comes back from the client, so reading it is strict:
/// only what <see cref="Format"/> can write is accepted, and the size is bounded before any work.
/// </summary>
public static class LogCursor
{
    public const int MaxLength = 512, MaxLogs = 8, MaxLogNameLength = 16;

    private const char LogSeparator = ',', FieldSeparator = ':';

    /// <param name="logs">Each log's name ([a-z]{1,16}, at most 8, no repeats) and position.</param>
    /// <exception cref="ArgumentException">A name, an offset or the count that <see cref="TryParse"/> would refuse.</exception>
    public static string Format(IEnumerable<(string Log, LogPosition Position)> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var text = new StringBuilder();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (log, position) in logs)
        {
            if (!IsLogName(log) || !names.Add(log) || names.Count > MaxLogs || position.Offset < 0)
                throw new ArgumentException($"Cannot put log '{log}' at {position.Offset} in a cursor: names are [a-z]{{1,{MaxLogNameLength}}}, once each, at most {MaxLogs}; offsets are not negative.", nameof(logs));
            if (text.Length > 0)
                text.Append(LogSeparator);
            text.Append(log).Append(FieldSeparator)
                .Append(position.Offset.ToString(CultureInfo.InvariantCulture)).Append(FieldSeparator)
                .Append(position.Ansi.Format());
        }
        return text.ToString();
    }

    /// <summary>Reads a cursor back. "" is the cursor of no logs; null and anything malformed are refused.</summary>
    public static bool TryParse(string? text, out IReadOnlyDictionary<string, LogPosition> positions)
    {
        positions = new Dictionary<string, LogPosition>();
        if (text is null || text.Length > MaxLength)
            return false;
        var read = new Dictionary<string, LogPosition>(StringComparer.Ordinal);
        if (text.Length > 0)
        {
            // One slot more than allowed, so that a ninth log shows up as a count too large.
            Span<Range> entries = stackalloc Range[MaxLogs + 1];
            var count = text.AsSpan().Split(entries, LogSeparator);
            if (count > MaxLogs)
                return false;
            foreach (var entry in entries[..count])
            {
                if (!TryParseEntry(text.AsSpan(entry), out var log, out var position) || !read.TryAdd(log, position))
                    return false;
            }
        }
        positions = read;
        return true;
    }

    private static bool TryParseEntry(ReadOnlySpan<char> entry, out string log, out LogPosition position)
    {
        (log, position) = ("", default);
        Span<Range> fields = stackalloc Range[4];
        if (entry.Split(fields, FieldSeparator) != 3)
            return false;
        var name = entry[fields[0]];
        var offsetText = entry[fields[1]];
        if (!IsLogName(name) || !IsCanonicalOffset(offsetText)
            || !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !AnsiState.TryParse(entry[fields[2]], out var ansi))
            return false;
        (log, position) = (name.ToString(), new LogPosition(offset, ansi));
        return true;
    }

    private static bool IsLogName(ReadOnlySpan<char> name) =>
        name.Length is > 0 and <= MaxLogNameLength && !name.ContainsAnyExceptInRange('a', 'z');

    /// <summary>Digits only and no leading zero, so each offset has one spelling (and no sign or spaces).</summary>
    private static bool IsCanonicalOffset(ReadOnlySpan<char> digits) =>
        digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9') && (digits.Length == 1 || digits[0] != '0');
}
