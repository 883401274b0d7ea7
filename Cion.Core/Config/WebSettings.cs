using System.Globalization;
using System.Net;

namespace Cion.Core.Config;

/// <summary>
/// Pure: the rules for cion-web's <c>web.listen</c> and <c>web.base_path</c>, shared by the
/// config file and cion-web's own <c>--listen</c> option so both refuse the same things.
/// </summary>
public static class WebSettings
{
    public const string DefaultListen = "127.0.0.1:8070";

    /// <summary>Null when <paramref name="text"/> is an IP address and port (<c>127.0.0.1:8070</c>, <c>[::1]:8070</c>); else why not.</summary>
    public static string? ListenError(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0) return $"expected HOST:PORT such as {DefaultListen}, found '{text}'";
        var host = text[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out _)) return $"'{host}' is not an IP address (use 127.0.0.1, 0.0.0.0, ::1 or ::)";
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return $"'{text[(colon + 1)..]}' is not a port (1-65535)";
        return null;
    }

    /// <summary>The address and port of a listen setting that <see cref="ListenError"/> accepted.</summary>
    public static IPEndPoint ParseListen(string text)
    {
        var colon = text.LastIndexOf(':');
        return new IPEndPoint(IPAddress.Parse(text[..colon].Trim('[', ']')), int.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>Null when <paramref name="text"/> is a usable URL path prefix (<c>/ci</c>, <c>/tools/cion/</c>, or empty); else why not.</summary>
    public static string? BasePathError(string text)
    {
        if (text.Length == 0 || text == "/") return null;
        if (!text.StartsWith('/')) return $"expected a path starting with /, such as /ci, found '{text}'";
        if (text.Split('/').Skip(1).Any(part => part is "." or ".."))
            return $"'{text}' has a . or .. part";
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#' or '%' or '"' or '<' or '>' or '\\'))
            return $"'{text}' has a character that is not allowed in a base path";
        return null;
    }

    /// <summary>A base path as cion-web uses it: <c>/ci</c>, no trailing slash; empty for the root.</summary>
    public static string NormalBasePath(string text) => text.TrimEnd('/');
}
