using Cion.Core.Containers;

namespace Cion.Tests.Containers;

public sealed class CacheEvictionTests
{
    private static readonly CachePool Pool = new("/var/lib/cion", EngineKind.Rootless, "team/app", null);

    /// <summary>Volumes as "slot:state:hours-ago:size", state u (in use) or f (free), hours-ago - for never recorded.</summary>
    [TestCase(new string[0], 10, new int[0])]
    [TestCase(new[] { "1:f:1:5", "2:f:2:5" }, 10, new int[0])]
    [TestCase(new[] { "1:f:1:5", "2:f:2:6" }, 10, new[] { 2 })]
    [TestCase(new[] { "1:f:3:5", "2:f:2:6" }, 10, new[] { 1 })]
    [TestCase(new[] { "1:f:3:5", "2:f:2:6", "3:f:1:6" }, 6, new[] { 1, 2 })]
    [TestCase(new[] { "1:f:-:1", "2:f:9:20" }, 20, new[] { 1 })]
    [TestCase(new[] { "1:f:-:1", "2:f:-:20" }, 20, new[] { 1 })]
    [TestCase(new[] { "1:u:9:20", "2:f:1:5" }, 10, new[] { 2 })]
    [TestCase(new[] { "1:u:9:20", "2:u:1:5" }, 10, new int[0])]
    [TestCase(new[] { "1:f:1:0", "2:f:2:0" }, 1, new int[0])]
    [TestCase(new[] { "1:f:1:30" }, 10, new[] { 1 })]
    public void Choose_RemovesLeastRecentlyUsedFreeVolumes_UntilWithinTheBound(string[] volumes, long maxSize, int[] slots)
    {
        var chosen = CacheEviction.Choose(CachePoolTests.Volumes(Pool, volumes), maxSize);

        Assert.That(chosen.Select(v => v.Name), Is.EqualTo(slots.Select(Pool.VolumeName)));
    }

    /// <summary>Volumes as in <see cref="Choose_RemovesLeastRecentlyUsedFreeVolumes_UntilWithinTheBound"/>, from any repository.</summary>
    [TestCase(new string[0], 10, new int[0])]
    [TestCase(new[] { "1:f:1:5", "2:f:2:5" }, 0, new int[0])]
    [TestCase(new[] { "1:f:1:5", "2:f:2:5" }, -3, new int[0])]
    [TestCase(new[] { "1:f:1:5", "2:f:2:5" }, 4, new[] { 2 })]
    [TestCase(new[] { "1:f:1:5", "2:f:2:5" }, 6, new[] { 2, 1 })]
    [TestCase(new[] { "1:f:1:5", "2:f:2:5" }, 100, new[] { 2, 1 })]
    [TestCase(new[] { "1:f:1:5", "2:f:-:1", "3:f:9:1" }, 2, new[] { 2, 3 })]
    [TestCase(new[] { "1:u:9:50", "2:f:1:5" }, 20, new[] { 2 })]
    [TestCase(new[] { "1:u:9:50" }, 20, new int[0])]
    [TestCase(new[] { "1:f:1:0", "2:f:2:0" }, 1, new[] { 2, 1 })]
    public void ForRoom_RemovesLeastRecentlyUsedFreeVolumes_UntilTheyFreeWhatIsWanted(string[] volumes, long wanted, int[] slots)
    {
        var chosen = CacheEviction.ForRoom(CachePoolTests.Volumes(Pool, volumes), wanted);

        Assert.That(chosen.Select(v => v.Name), Is.EqualTo(slots.Select(Pool.VolumeName)));
    }
}
