using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class JobIdTests
{
    [Test]
    public void New_SortsByQueueTime_AsAString()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new[] { 5, 1, 1000, 3 }.Select(ms => JobId.New(start.AddMilliseconds(ms), "ffffffff").Value).ToList();

        Assert.That(ids.Order(StringComparer.Ordinal), Is.EqualTo(ids.OrderBy(id => id[..22])));
        Assert.That(ids.Order(StringComparer.Ordinal).First(), Does.StartWith("20260101-000000.001000-fffffff-"));
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
