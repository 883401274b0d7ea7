using System.Text;
using Cion.Core.Secrets;

namespace Cion.Tests.Secrets;

public sealed class SecretMaskTests
{
    private static readonly SecretMask Mask = new(["s3cr3t-value", "tok", "s3cr3t"]);

    [TestCase("token is s3cr3t-value!", "***en is ***!")]
    [TestCase("s3cr3t and s3cr3t-value", "*** and ***")]
    [TestCase("nothing here", "nothing here")]
    public void Apply_ReplacesEveryValue_LongestFirst(string text, string expected) =>
        Assert.That(Mask.Apply(text), Is.EqualTo(expected));

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    public void MaskingStream_MasksAValueSplitAcrossWrites(int chunk)
    {
        using var sink = new MemoryStream();
        var text = Encoding.UTF8.GetBytes("before s3cr3t-value after, and ünïcode s3cr3t\n");
        using (var stream = new MaskingStream(new NonClosing(sink), Mask))
            for (var i = 0; i < text.Length; i += chunk)
                stream.Write(text.AsSpan(i, Math.Min(chunk, text.Length - i)));

        Assert.That(Encoding.UTF8.GetString(sink.ToArray()), Is.EqualTo("before *** after, and ünïcode ***\n"));
    }

    [Test]
    public void SecretFile_ParsesNameValueLines_AndSkipsCommentsAndBlanks() =>
        Assert.That(SecretFile.Parse("# deploy keys\nTOKEN=abc=def\n\n  \nEMPTY=\r\n"),
            Is.EqualTo(new Dictionary<string, string> { ["TOKEN"] = "abc=def", ["EMPTY"] = "" }));

    /// <summary>Keeps the MemoryStream readable after the masking stream is disposed.</summary>
    private sealed class NonClosing(Stream inner) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
