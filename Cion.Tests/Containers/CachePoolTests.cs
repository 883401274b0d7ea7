using System.Text.RegularExpressions;
using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Tests.Spool;

namespace Cion.Tests.Containers;

public sealed partial class CachePoolTests
{
    private const string Owner = "/var/lib/cion";
    private static readonly StepConfig Step = new() { Image = "img", Docker = DockerRequest.Engine };
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static CachePool Pool(string repo = "team/app", string? gitRef = null, EngineKind kind = EngineKind.Rootless, string owner = Owner) =>
        new(owner, kind, repo, gitRef);

    // Docker's own rule for volume names.
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex DockerVolumeName();

    [TestCase("team/app", null, EngineKind.Rootless, "cion-cache-rootless-team-app-")]
    [TestCase("team/app", null, EngineKind.Root, "cion-cache-root-team-app-")]
    [TestCase("Team/My App", null, EngineKind.Rootless, "cion-cache-rootless-team-my-app-")]
    [TestCase("team/app", "refs/heads/feature/x", EngineKind.Rootless, "cion-cache-rootless-team-app-feature-x-")]
    [TestCase("team/app", "refs/tags/v1.0", EngineKind.Root, "cion-cache-root-team-app-refs-tags-v1.0-")]
    [TestCase("a/b_c.d", null, EngineKind.Rootless, "cion-cache-rootless-a-b_c.d-")]
    [TestCase("ünï/cødé", null, EngineKind.Rootless, "cion-cache-rootless--n--c-d--")]
    public void VolumeName_IsAValidDockerName_WithAReadableSlug(string repo, string? gitRef, EngineKind kind, string start)
    {
        var name = Pool(repo, gitRef, kind).VolumeName(3);

        Assert.That(name, Does.StartWith(start));
        Assert.That(name, Does.Match("-[0-9a-f]{10}-3$"));
        Assert.That(name, Does.Match(DockerVolumeName()));
    }

    [Test]
    public void VolumeName_IsBounded_ForALongRepoName()
    {
        var name = Pool(string.Join('/', Enumerable.Repeat("very-long-group-name", 20))).VolumeName(256);

        Assert.That(name.Length, Is.LessThanOrEqualTo("cion-cache-rootless-".Length + 40 + 1 + 10 + 1 + 3));
        Assert.That(name, Does.Match(DockerVolumeName()));
    }

    [TestCase("a/b-c", "a-b/c")]
    [TestCase("a/b", "A/b")]
    [TestCase("team/app", "team/app@main")]
    public void Prefix_Differs_ForReposWhoseSlugsMeet(string one, string other) =>
        Assert.That(Pool(one).Prefix, Is.Not.EqualTo(Pool(other).Prefix));

    [Test]
    public void Prefix_Differs_ByRefKindAndOwner_AndNeverStartsAnother()
    {
        CachePool[] pools =
        [
            Pool(), Pool(kind: EngineKind.Root), Pool(gitRef: "refs/heads/main"), Pool(gitRef: "refs/heads/Main"),
            Pool(gitRef: "main"), Pool(owner: "/srv/other-cion"),
        ];

        var prefixes = pools.Select(p => p.Prefix).ToList();
        Assert.That(prefixes, Is.Unique);
        Assert.That(prefixes.SelectMany(a => prefixes.Where(b => a != b && b.StartsWith(a, StringComparison.Ordinal))), Is.Empty);
    }

    [TestCase("1", true, 1)]
    [TestCase("12", true, 12)]
    [TestCase("0", false, 0)]
    [TestCase("01", false, 0)]
    [TestCase("-1", false, 0)]
    [TestCase("1x", false, 0)]
    [TestCase("", false, 0)]
    public void TrySlot_ReadsOnlyThePoolsOwnNames(string suffix, bool ok, int slot)
    {
        var pool = Pool();

        Assert.That((pool.TrySlot(pool.Prefix + suffix, out var found), found), Is.EqualTo((ok, slot)));
        Assert.That(pool.TrySlot(Pool("team/other").Prefix + suffix, out _), Is.False);
    }

    [Test]
    public void VolumeLabels_NameRepoKindOwnerAndRef_ButNeverTheJob()
    {
        var labels = Pool(gitRef: "refs/heads/main", kind: EngineKind.Root).VolumeLabels();

        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["cion.cache.repo"] = "team/app", ["cion.cache.kind"] = "root", ["cion.state"] = Owner, ["cion.cache.ref"] = "refs/heads/main",
        }));
        Assert.That(Pool().VolumeLabels(), Does.Not.ContainKey(Labels.CacheRef).And.Not.ContainKey(Labels.Job));
    }

    [TestCase(CacheScope.Repo, true, EngineKind.Rootless, "team/app", null)]
    [TestCase(CacheScope.Branch, true, EngineKind.Root, "team/app", "refs/heads/feature/x")]
    [TestCase(CacheScope.Off, true, EngineKind.Rootless, null, null)]
    [TestCase(CacheScope.Repo, false, EngineKind.Rootless, null, null)]
    [TestCase(CacheScope.Branch, false, EngineKind.Rootless, null, null)]
    public void For_GivesThePool_UnlessTheServerOrTheStepSaysNoCache(CacheScope scope, bool stepCache, EngineKind kind, string? repo, string? gitRef)
    {
        var pool = CachePool.For(JobFileTests.SampleJob("refs/heads/feature/x"), Step with { Cache = stepCache }, scope, kind, Owner);

        Assert.That(pool, Is.EqualTo(repo is null ? null : new CachePool(Owner, kind, repo, gitRef)));
    }

    /// <summary>Volumes as "slot:state:hours-ago", state u (in use) or f (free), hours-ago - for never recorded.</summary>
    [TestCase(new string[0], 2, 1)]
    [TestCase(new[] { "1:u:1" }, 2, 2)]
    [TestCase(new[] { "1:u:1", "2:u:3" }, 2, null)]
    [TestCase(new[] { "1:u:1" }, 1, null)]
    [TestCase(new[] { "1:f:5", "2:f:1" }, 2, 2)]
    [TestCase(new[] { "1:f:-", "2:f:9" }, 2, 2)]
    [TestCase(new[] { "1:f:-", "2:f:-" }, 2, 1)]
    [TestCase(new[] { "2:u:1" }, 3, 1)]
    [TestCase(new[] { "1:u:1", "3:u:1" }, 3, 2)]
    [TestCase(new[] { "1:u:1", "2:u:1", "3:f:4" }, 2, 3)]
    [TestCase(new[] { "1:u:1", "2:u:1", "3:u:4" }, 2, null)]
    public void Choose_TakesTheWarmestFreeVolume_ElseANewSlot_ElseNone(string[] volumes, int max, int? slot)
    {
        var pool = Pool();

        Assert.That(pool.Choose(Volumes(pool, volumes), max), Is.EqualTo(slot is { } n ? pool.VolumeName(n) : null));
    }

    [Test]
    public void Choose_IgnoresOtherPoolsVolumes_EvenFreeOnes()
    {
        var pool = Pool();
        var others = new[] { Pool("team/other"), Pool(kind: EngineKind.Root), Pool(gitRef: "refs/heads/main") }
            .Select(p => new CacheVolume(p.VolumeName(1), InUse: false, Noon, 0)).ToList();
        others.Add(new CacheVolume(pool.Prefix + "x", InUse: false, Noon, 0));

        Assert.That(pool.Choose(others, 1), Is.EqualTo(pool.VolumeName(1)));
    }

    [Test]
    public void WithDataRoot_PutsThePoolsVolumeWhereTheEnginesOwnWas_WithTheCacheLabels()
    {
        var pool = Pool();
        var engine = new ContainerSpec
        {
            Name = "e", Image = "dind", Env = new Dictionary<string, string>(), Mounts = [], Labels = new Dictionary<string, string>(),
            Volumes = [new NamedVolume("e-data", "/var/lib/docker")],
        };

        var cached = pool.WithDataRoot(engine, pool.VolumeName(2)).Volumes.Single();

        Assert.That((cached.Name, cached.ContainerPath, cached.IsCache), Is.EqualTo((pool.VolumeName(2), "/var/lib/docker", true)));
        Assert.That(cached.CacheLabels, Is.EqualTo(pool.VolumeLabels()));
    }

    internal static List<CacheVolume> Volumes(CachePool pool, IEnumerable<string> rows) =>
    [
        .. rows.Select(row => row.Split(':')).Select(p => new CacheVolume(
            pool.VolumeName(int.Parse(p[0])), p[1] == "u", p[2] == "-" ? null : Noon.AddHours(-int.Parse(p[2])), p.Length > 3 ? long.Parse(p[3]) : 0)),
    ];
}
