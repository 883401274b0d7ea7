using Cion.Core.Containers;

namespace Cion.Tests.Containers;

public sealed class CachePoolVolumeTests
{
    private static readonly CachePool Pool = new("/var/lib/cion", EngineKind.Root, "team/app", "refs/heads/main");

    [Test]
    public void From_ReadsThePoolBack_FromTheLabelsItWasCreatedWith()
    {
        var name = Pool.VolumeName(2);

        Assert.That(CachePoolVolume.From(name, new Dictionary<string, string>(Pool.VolumeLabels())), Is.EqualTo(new CachePoolVolume(name, Pool)));
    }

    [Test]
    public void From_RefusesLabels_ThatDoNotMakeThisVolumesPool()
    {
        var labels = new Dictionary<string, string>(Pool.VolumeLabels());
        Assert.That(CachePoolVolume.From("cion-cache-root-other-0123456789-1", labels), Is.Null, "another pool's name");
        Assert.That(CachePoolVolume.From(Pool.VolumeName(1), new Dictionary<string, string>(labels) { [Labels.CacheKind] = "rootless" }), Is.Null);
        Assert.That(CachePoolVolume.From(Pool.VolumeName(1), new Dictionary<string, string>(labels) { [Labels.CacheKind] = "weird" }), Is.Null);
        labels.Remove(Labels.CacheRepo);
        Assert.That(CachePoolVolume.From(Pool.VolumeName(1), labels), Is.Null);
        Assert.That(CachePoolVolume.From(Pool.VolumeName(1), null), Is.Null);
    }
}
