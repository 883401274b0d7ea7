using System.Net.Sockets;
using System.Text;

namespace Cion.Tests.EndToEnd.Web;

/// <summary>
/// Sends a request line exactly as written, over a plain socket: HttpClient (like a browser) would
/// clean <c>..</c> and encoded characters out of the path before sending, which is what an attacker does not do.
/// </summary>
public static class RawHttp
{
    public static (int Status, string Response) Send(Uri server, string method, string target, string extraHeaders = "")
    {
        using var client = new TcpClient(server.Host, server.Port);
        using var stream = client.GetStream();
        stream.ReadTimeout = 30_000;
        var request = $"{method} {target} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\n{extraHeaders}Connection: close\r\n\r\n";
        stream.Write(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        var status = text.Length > 12 && int.TryParse(text.AsSpan(9, 3), out var code) ? code : 0;
        return (status, text);
    }
}
