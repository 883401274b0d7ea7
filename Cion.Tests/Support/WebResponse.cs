using System.Net;
using System.Text;

namespace Cion.Tests.Support;

/// <summary>An HTTP answer as read whole: status, headers (response and content ones, by name in any case) and body.</summary>
public sealed record WebResponse(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, byte[] Bytes)
{
    public string Body => Encoding.UTF8.GetString(Bytes);

    /// <summary>A header's value (several joined with ", "), or null when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
