using Cion.Core.Containers;
using Cion.Tests.Support;

namespace Cion.Tests.Containers;

public sealed class CacheUseRecordTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly CachePool Pool = new("/var/lib/cion", EngineKind.Rootless, "team/app", null);

    [Test]
    public void LastUsed_IsNull_WhenNeverReturned()
    {
        using var dir = TempDir.ForCaller();

        Assert.That(new CacheUseRecord(dir.Path).LastUsed(Pool.VolumeName(1)), Is.Null);
    }

    [Test]
    public void LastUsed_IsTheLatestReturn_PerVolume()
    {
        using var dir = TempDir.ForCaller();
        var record = new CacheUseRecord(dir.Path);

        record.Returned(Pool.VolumeName(1), Noon);
        record.Returned(Pool.VolumeName(2), Noon.AddHours(1));
        record.Returned(Pool.VolumeName(1), Noon.AddHours(2));

        Assert.That(new CacheUseRecord(dir.Path).LastUsed(Pool.VolumeName(1)), Is.EqualTo(Noon.AddHours(2)));
        Assert.That(record.LastUsed(Pool.VolumeName(2)), Is.EqualTo(Noon.AddHours(1)));
        Assert.That(File.Exists(dir.Combine("cache", Pool.VolumeName(1))), Is.True);
    }

    [TestCase("../etc")]
    [TestCase("cion-cache-../../x")]
    [TestCase("cion-job-volume")]
    public void Returned_Refuses_ANameThatIsNotACacheVolumes(string name)
    {
        using var dir = TempDir.ForCaller();

        Assert.Throws<ArgumentException>(() => new CacheUseRecord(dir.Path).Returned(name, Noon));
    }
}
