using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

/// <summary>
/// A hostile or careless client of a runner: TLS with any client certificate (or none), and any bytes as
/// its request line, accepting whatever server certificate it is shown. Reports what came back.
/// </summary>
internal static class RawLink
{
    /// <summary>The runner's first line, or null if it closed (or failed the handshake) without one.</summary>
    public static async Task<string?> AskAsync(int port, X509Certificate2? clientCertificate, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(tcp.GetStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await AuthenticateAsync(tls, clientCertificate, timeout.Token);
            await tls.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
            await tls.FlushAsync(timeout.Token);
            return await ReadAnswerAsync(tls, timeout.Token);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The runner's answer to <paramref name="request"/> and, after an <c>ok</c>, its next line once <paramref name="then"/>
    /// has been sent: what a client that speaks the protocol but sends anything at all after it gets.
    /// </summary>
    public static async Task<(string? Answer, string? Then)> AskThenSendAsync(int port, X509Certificate2 clientCertificate, string request, byte[] then)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(tcp.GetStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await AuthenticateAsync(tls, clientCertificate, timeout.Token);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        await tls.FlushAsync(timeout.Token);
        var answer = await ReadAnswerAsync(tls, timeout.Token);
        if (answer != LinkProtocol.OkLine()) return (answer, null);
        await tls.WriteAsync(then, timeout.Token);
        await tls.FlushAsync(timeout.Token);
        return (answer, await ReadAnswerAsync(tls, timeout.Token));
    }

    /// <summary>What a client that never starts TLS gets: the bytes the runner sends before it gives up (it should send none).</summary>
    public static async Task<byte[]> PlainAsync(int port, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var received = new MemoryStream();
        try { await stream.CopyToAsync(received); }
        catch (IOException) { /* reset by the runner: also nothing */ }
        return received.ToArray();
    }

    /// <summary>TLS as a client showing <paramref name="clientCertificate"/> (or none), accepting any server certificate.</summary>
    private static Task AuthenticateAsync(SslStream tls, X509Certificate2? clientCertificate, CancellationToken ct) =>
        tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, ct);

    /// <summary>The answer line with its <c>\n</c>, or null if the runner closed without one.</summary>
    private static async Task<string?> ReadAnswerAsync(Stream stream, CancellationToken ct)
    {
        try { return await LinkProtocol.ReadLineAsync(stream, ct) is { } line ? line + "\n" : null; }
        catch (IOException) { return null; }
    }
}
