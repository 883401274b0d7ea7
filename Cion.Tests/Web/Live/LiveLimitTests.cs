using Cion.Web.Live;

namespace Cion.Tests.Web.Live;

public sealed class LiveLimitTests
{
    [Test]
    public void TryEnter_RefusesPastTheCap_AndFreesASlotOnDispose()
    {
        var limit = new LiveLimit(2);
        using var first = limit.TryEnter();
        var second = limit.TryEnter();

        Assert.That(first, Is.Not.Null);
        Assert.That(second, Is.Not.Null);
        Assert.That(limit.TryEnter(), Is.Null);
        second!.Dispose();
        second.Dispose();
        Assert.That(limit.Open, Is.EqualTo(1), "a slot disposed twice frees one place, not two");
        Assert.That(limit.TryEnter(), Is.Not.Null);
    }
}
