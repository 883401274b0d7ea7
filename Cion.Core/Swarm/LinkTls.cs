using System.Net.Security;
using System.Security.Authentication;

namespace Cion.Core.Swarm;

/// <summary>
/// The TLS settings of both ends of the link: TLS 1.2 or 1.3, the peer's certificate required, and
/// accepted only if it is the pinned one. The chain is not looked at: the certificates are
/// self-signed on purpose, and the pin is stronger than any CA.
/// </summary>
public static class LinkTls
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static SslServerAuthenticationOptions Server(RunnerKeys keys) => new()
    {
        // offline: a self-signed certificate has no chain to fetch.
        ServerCertificateContext = SslStreamCertificateContext.Create(keys.Own, additionalCertificates: null, offline: true),
        ClientCertificateRequired = true,
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => keys.IsPeer(certificate),
    };

    public static SslClientAuthenticationOptions Client(RunnerKeys keys, string host) => new()
    {
        TargetHost = host,
        ClientCertificateContext = SslStreamCertificateContext.Create(keys.Own, additionalCertificates: null, offline: true),
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => keys.IsPeer(certificate),
    };
}
