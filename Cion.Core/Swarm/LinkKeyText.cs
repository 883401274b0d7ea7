using System.Security.Cryptography;

namespace Cion.Core.Swarm;

/// <summary>
/// Pure: the text of one end's link keys, three PEM blocks in this order: the end's own
/// CERTIFICATE, its PRIVATE KEY (PKCS#8), and the peer's CERTIFICATE. The runner's copy is the
/// content of the job's Swarm secret; ciond's is its 0600 file. Anything else is refused.
/// </summary>
public static class LinkKeyText
{
    public const string Certificate = "CERTIFICATE";
    public const string PrivateKey = "PRIVATE KEY";

    public static string Format(string ownCertificatePem, string ownKeyPem, string peerCertificatePem) =>
        $"{ownCertificatePem.Trim()}\n{ownKeyPem.Trim()}\n{peerCertificatePem.Trim()}\n";

    /// <returns>The three blocks, each as PEM text.</returns>
    /// <exception cref="FormatException">The text is not exactly certificate, key, certificate.</exception>
    public static (string Own, string Key, string Peer) Parse(string pem)
    {
        var blocks = new List<(string Label, string Text)>();
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var span = rest.Span;
            blocks.Add((span[fields.Label].ToString(), span[fields.Location].ToString()));
            rest = rest[fields.Location.End..];
        }
        string[] expected = [Certificate, PrivateKey, Certificate];
        if (!blocks.Select(b => b.Label).SequenceEqual(expected))
            throw new FormatException($"link keys must be PEM blocks {string.Join(", ", expected)}; found {(blocks.Count == 0 ? "none" : string.Join(", ", blocks.Select(b => b.Label)))}");
        return (blocks[0].Text, blocks[1].Text, blocks[2].Text);
    }
}
