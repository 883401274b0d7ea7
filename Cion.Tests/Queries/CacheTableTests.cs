using Cion.Core.Containers;
using Cion.Core.Queries;

namespace Cion.Tests.Queries;

public sealed class CacheTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private const string Volume = "cion-cache-rootless-team-app-0123456789-1";

    [TestCase(false, null, null, "no")]
    [TestCase(true, "cion-J1-docker", "J1", "J1")]
    [TestCase(true, "holder", null, "holder")]
    [TestCase(true, null, null, "yes")]
    public void InUse_NamesTheJobBeforeTheContainer(bool inUse, string? container, string? job, string expected) =>
        Assert.That(CacheTable.InUse(new CacheVolume(Volume, inUse, null, 0) { UsedBy = container, UsedByJob = job }), Is.EqualTo(expected));

    [TestCase(null, 0L, null, "team/app                 rootless  0 bytes     never      no         " + Volume)]
    [TestCase(90, 3L << 20, null, "team/app                 rootless  3 MiB       1m ago     no         " + Volume)]
    [TestCase(7200, 1536L, "refs/heads/main", "team/app                 rootless  1.5 KiB     2h ago     no         " + Volume + " (refs/heads/main)")]
    public void Row_ShowsSizeLastUseAndRef(int? secondsAgo, long size, string? gitRef, string expected)
    {
        var volume = new CacheVolume(Volume, false, secondsAgo is { } s ? Now.AddSeconds(-s) : null, size) { Repo = "team/app", Kind = "rootless", Ref = gitRef };

        Assert.That(CacheTable.Row(volume, Now), Is.EqualTo(expected));
    }

    [Test]
    public void Row_CutsALongRepoName_SoTheColumnsStayAligned() =>
        Assert.That(CacheTable.Row(new CacheVolume(Volume, false, null, 0) { Repo = new string('r', 30), Kind = "root" }, Now),
            Does.StartWith(new string('r', 23) + "… root "));

    [TestCase("J1", "cion-J1-docker", "skipped " + Volume + ": in use by job J1 (cion-J1-docker)")]
    [TestCase(null, "holder", "skipped " + Volume + ": in use by holder")]
    [TestCase(null, null, "skipped " + Volume + ": in use by a container")]
    public void Skipped_SaysWhoHoldsIt(string? job, string? container, string expected) =>
        Assert.That(CacheTable.Skipped(new CacheVolume(Volume, true, null, 0) { UsedBy = container, UsedByJob = job }), Is.EqualTo(expected));
}
