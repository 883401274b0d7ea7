namespace Cion.Core.Hooks;

/// <summary>
/// Pure: where a symlinked hook finds its server config. <c>cion install-hook</c> records the
/// path as <c>cion.config</c> in the bare repository's own <c>config</c> file (with
/// <c>git config</c>, so an admin can read or change it the same way), and the hook reads it
/// back as plain text: no shell, no git process, no git library inside the push.
/// Only what <c>git config</c> itself writes is understood: a <c>[cion]</c> section and a
/// <c>config = VALUE</c> line, the value bare or double-quoted with backslash escapes.
/// </summary>
public static class HookConfigKey
{
    public const string Name = "cion.config";

    /// <summary>The last <c>cion.config</c> in <paramref name="gitConfigText"/> (git's rule), or null.</summary>
    public static string? Find(string gitConfigText)
    {
        string? found = null;
        var inCion = false;
        foreach (var raw in gitConfigText.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                var end = line.IndexOf(']');
                inCion = end > 0 && line[1..end].Trim().Equals("cion", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            var equals = line.IndexOf('=');
            if (inCion && equals > 0 && line[..equals].Trim().Equals("config", StringComparison.OrdinalIgnoreCase))
                found = Value(line[(equals + 1)..]);
        }
        return found;
    }

    /// <summary>git's value syntax: quotes group, backslash escapes, an unquoted # or ; starts a comment.</summary>
    private static string Value(string text)
    {
        var value = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') quoted = !quoted;
            else if (c == '\\' && i + 1 < text.Length) value.Append(text[++i] switch { 'n' => '\n', 't' => '\t', var e => e });
            else if (!quoted && c is '#' or ';') break;
            else value.Append(c);
        }
        return value.ToString().Trim();
    }
}
