using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class JobIdTests
{
    [Test]
    public void New_SortsByQueueTime_AsAString()
    {
        var start = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero);
        var offsets = new[] { 5.0, 0.25, 1000.0, 3.0, 86_400.0, 0.001 };
        var byTime = offsets.Order().Select(s => JobId.New(start.AddSeconds(s), "ffffffff").Value.Split('-')[0..2]);
        var byString = offsets.Select(s => JobId.New(start.AddSeconds(s), "ffffffff").Value).Order(StringComparer.Ordinal).Select(id => id.Split('-')[0..2]);

        Assert.That(byString, Is.EqualTo(byTime));
        Assert.That(JobId.New(start, "abcdef0123").Value, Does.StartWith("20261231-235959.000000-abcdef0-"));
    }

    [Test]
    public void New_IsUsableAsAContainerNameAndParsesBack()
    {
        var id = JobId.New(DateTimeOffset.UtcNow, "abcdef0123456789");
        Assert.That(id.Value, Does.Match("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$"));
        Assert.That(JobId.TryParse(id.Value, out _), Is.True);
    }

    [TestCase("")]
    [TestCase("../../etc")]
    [TestCase("20260101-000000.001000-abc-12345")]
    public void TryParse_RejectsAnythingElse(string text) => Assert.That(JobId.TryParse(text, out _), Is.False);
}
