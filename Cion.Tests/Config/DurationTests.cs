using Cion.Core.Config;

namespace Cion.Tests.Config;

public sealed class DurationTests
{
    [TestCase("30s", 30)]
    [TestCase("10m", 600)]
    [TestCase("1h", 3600)]
    [TestCase("1h30m", 5400)]
    [TestCase(" 2m5s ", 125)]
    public void TryParse_ReadsWhatPeopleWrite(string text, int seconds)
    {
        Assert.That(Duration.TryParse(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("")]
    [TestCase("10")]
    [TestCase("0s")]
    [TestCase("1d")]
    [TestCase("m")]
    [TestCase("-5m")]
    [TestCase("2000h")]
    public void TryParse_Refuses_AnythingElse(string text) => Assert.That(Duration.TryParse(text, out _), Is.False);
}
