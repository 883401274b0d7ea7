using Cion.Core.Config;

namespace Cion.Tests.Config;

public sealed class ByteSizeTests
{
    [TestCase("50M", 50L << 20)]
    [TestCase("1G", 1L << 30)]
    [TestCase("512k", 512L << 10)]
    [TestCase("50MB", 50L << 20)]
    [TestCase("2MiB", 2L << 20)]
    [TestCase("1000", 1000L)]
    public void TryParse_ReadsSizes(string text, long bytes)
    {
        Assert.That(ByteSize.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(bytes));
    }

    [TestCase("")]
    [TestCase("0")]
    [TestCase("lots")]
    [TestCase("5T")]
    public void TryParse_RefusesTheRest(string text) => Assert.That(ByteSize.TryParse(text, out _), Is.False);
}
