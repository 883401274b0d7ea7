using Cion.Core.Containers;

namespace Cion.Tests.Containers;

public sealed class CachePoolOfTests
{
    private const string Owner = "/var/lib/cion";
    private static readonly CachePool Pool = new(Owner, EngineKind.Root, "team/app", "refs/heads/main");

    private static CacheVolume Listed(string name, string kind = "root", string repo = "team/app", string? gitRef = "refs/heads/main") =>
        new(name, InUse: false, LastUsed: null, Size: 0) { Kind = kind, Repo = repo, Ref = gitRef };

    [Test]
    public void Of_ReadsThePoolBack_FromTheLabelsItWasCreatedWith() =>
        Assert.That(CachePool.Of(Listed(Pool.VolumeName(2)), Owner), Is.EqualTo(Pool));

    [Test]
    public void Of_RefusesLabels_ThatDoNotMakeThisVolumesPool()
    {
        Assert.That(CachePool.Of(Listed("cion-cache-root-other-0123456789-1"), Owner), Is.Null, "another pool's name");
        Assert.That(CachePool.Of(Listed(Pool.VolumeName(1), kind: "rootless"), Owner), Is.Null);
        Assert.That(CachePool.Of(Listed(Pool.VolumeName(1), kind: "weird"), Owner), Is.Null);
        Assert.That(CachePool.Of(Listed(Pool.VolumeName(1), gitRef: null), Owner), Is.Null, "a repository's pool is another pool");
        Assert.That(CachePool.Of(Listed(Pool.VolumeName(1), repo: ""), Owner), Is.Null);
        Assert.That(CachePool.Of(Listed(Pool.VolumeName(1)), "/another/state"), Is.Null, "another daemon's");
    }
}
