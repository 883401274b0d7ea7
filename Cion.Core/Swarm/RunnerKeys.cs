using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cion.Core.Swarm;

/// <summary>
/// One end's keys for the link between ciond and a job's cion-runner: its own certificate, with its
/// private key, and the one certificate it accepts from the other end. There is no CA: each end pins
/// the other's exact certificate, so a key made for one job opens nothing of another's.
/// </summary>
public sealed class RunnerKeys : IDisposable
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromDays(1);
    // The pin is what protects the link, not the dates; they only have to outlast any job.
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>This end's certificate, with its private key.</summary>
    public X509Certificate2 Own { get; }

    /// <summary>The other end's certificate, without a key: the only one this end accepts.</summary>
    public X509Certificate2 Peer { get; }

    private RunnerKeys(X509Certificate2 own, X509Certificate2 peer) => (Own, Peer) = (own, peer);

    private SslStreamCertificateContext? _ownContext;

    /// <summary>What TLS presents of <see cref="Own"/>: made once, not for each of the link's connections.</summary>
    public SslStreamCertificateContext OwnContext =>
        // offline: a self-signed certificate has no chain to fetch.
        LazyInitializer.EnsureInitialized(ref _ownContext, () => SslStreamCertificateContext.Create(Own, additionalCertificates: null, offline: true));

    /// <summary>
    /// Fresh keys for one job (ECDSA P-256, self-signed): the runner's (its server certificate, pinning
    /// ciond's client certificate), which go into the job's Swarm secret, and ciond's, which it keeps.
    /// </summary>
    public static (RunnerKeys Runner, RunnerKeys Daemon) Generate(string jobId, DateTimeOffset now)
    {
        var server = SelfSigned($"cion-runner {jobId}", Oids.ServerAuth, now);
        var client = SelfSigned($"ciond {jobId}", Oids.ClientAuth, now);
        return (new RunnerKeys(server, PublicOnly(client)), new RunnerKeys(client, PublicOnly(server)));
    }

    /// <summary>Whether <paramref name="presented"/> is exactly the pinned peer certificate.</summary>
    public bool IsPeer(X509Certificate? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(presented.GetRawCertData(), Peer.RawData);

    /// <summary>The PEM text of <see cref="LinkKeyText"/>: own certificate, own key, peer certificate.</summary>
    public string ToPem()
    {
        using var key = Own.GetECDsaPrivateKey() ?? throw new InvalidOperationException("own certificate has no private key");
        return LinkKeyText.Format(Own.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), Peer.ExportCertificatePem());
    }

    public static RunnerKeys FromPem(string pem)
    {
        var (own, key, peer) = LinkKeyText.Parse(pem);
        return new RunnerKeys(X509Certificate2.CreateFromPem(own, key), X509Certificate2.CreateFromPem(peer));
    }

    /// <summary>Writes <see cref="ToPem"/> to a file only its owner may read (0600 from its creation), replacing any.</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.Delete(temp);
        using (var file = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(file))
            writer.Write(ToPem());
        File.Move(temp, path, overwrite: true);
    }

    public static RunnerKeys Load(string path) => FromPem(File.ReadAllText(path));

    public void Dispose()
    {
        Own.Dispose();
        Peer.Dispose();
    }

    private static X509Certificate2 SelfSigned(string name, string usage, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        return request.CreateSelfSigned(now - ClockSkew, now + Lifetime);
    }

    private static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static class Oids
    {
        public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
        public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    }
}
