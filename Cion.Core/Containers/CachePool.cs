using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cion.Core.Config;
using Cion.Core.Jobs;

namespace Cion.Core.Containers;

/// <summary>
/// Pure: one scope's small pool of layer-cache volumes (a repository's, or a ref's with
/// <c>dind.cache: branch</c>), for one engine kind and one daemon. Names are
/// <c>cion-cache-KIND-SLUG-HASH-N</c>: the slug is for people, the hash over owner, kind, repository
/// and ref keeps apart what the slug merges (<c>a/b-c</c> and <c>a-b/c</c>), N is the slot.
/// </summary>
public sealed record CachePool(string Owner, EngineKind Kind, string Repo, string? Ref)
{
    public const string NamePrefix = "cion-cache-";
    private const int SlugLength = 40;

    /// <summary>The pool a step's engine leases from, or null when it gets an empty engine (cache off, or <c>cache: false</c>).</summary>
    public static CachePool? For(Job job, StepConfig step, CacheScope scope, EngineKind kind, string owner) => scope switch
    {
        _ when !step.Cache => null,
        CacheScope.Repo => new(owner, kind, job.Repo, null),
        CacheScope.Branch => new(owner, kind, job.Repo, job.Ref),
        _ => null,
    };

    /// <summary>The pool a listed volume belongs to, from its labels; null when they do not make one whose names include it.</summary>
    public static CachePool? Of(CacheVolume volume, string owner)
    {
        EngineKind? kind = volume.Kind switch { "root" => EngineKind.Root, "rootless" => EngineKind.Rootless, _ => null };
        if (kind is null || volume.Repo.Length == 0) return null;
        var pool = new CachePool(owner, kind.Value, volume.Repo, volume.Ref);
        return pool.TrySlot(volume.Name, out _) ? pool : null;
    }

    /// <summary>The word for the kind in names and labels.</summary>
    public string KindWord => Kind == EngineKind.Root ? "root" : "rootless";

    /// <summary>Every volume of this pool, and no other pool's, starts with it.</summary>
    public string Prefix => $"{NamePrefix}{KindWord}-{Slug()}-{Hash()}-";

    public string VolumeName(int slot) => Prefix + slot.ToString(CultureInfo.InvariantCulture);

    /// <summary>The slot of one of this pool's volumes; false for any other name.</summary>
    public bool TrySlot(string name, out int slot)
    {
        slot = 0;
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)
            || !int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            || parsed <= 0 || VolumeName(parsed) != name) return false;
        slot = parsed;
        return true;
    }

    /// <summary>The engine's container with the pool's volume <paramref name="name"/> as its data root, in place of its own volume.</summary>
    public ContainerSpec WithDataRoot(ContainerSpec engine, string name) =>
        engine.Volumes is [var own] ? engine with { Volumes = [new NamedVolume(name, own.ContainerPath, VolumeLabels())] } : engine;

    /// <summary>What the pool's volumes carry: never <see cref="Labels.Job"/>, so job cleanup leaves them.</summary>
    public IReadOnlyDictionary<string, string> VolumeLabels()
    {
        var labels = new Dictionary<string, string> { [Labels.CacheRepo] = Repo, [Labels.CacheKind] = KindWord, [Labels.Owner] = Owner };
        if (Ref is not null) labels[Labels.CacheRef] = Ref;
        return labels;
    }

    /// <summary>
    /// The volume a job should lease, or null for "none: use a per-job volume" (a job never waits).
    /// The free volume used most recently has the warmest layers; without a free one, a new slot while
    /// the pool has fewer than <paramref name="max"/>.
    /// </summary>
    /// <param name="existing">The engine's volumes; other pools' are ignored.</param>
    public string? Choose(IEnumerable<CacheVolume> existing, int max)
    {
        var mine = existing.Where(v => TrySlot(v.Name, out _)).ToList();
        var free = mine.Where(v => !v.InUse)
            .OrderByDescending(v => v.LastUsed ?? DateTimeOffset.MinValue).ThenBy(SlotOf).FirstOrDefault();
        if (free is not null) return free.Name;
        if (mine.Count >= max) return null;
        var taken = mine.Select(SlotOf).ToHashSet();
        return VolumeName(Enumerable.Range(1, max).First(slot => !taken.Contains(slot)));
    }

    private int SlotOf(CacheVolume volume) => TrySlot(volume.Name, out var slot) ? slot : 0;

    private string Slug()
    {
        var scope = Ref is null ? Repo : $"{Repo}@{ShortRef(Ref)}";
        var slug = new string([.. scope.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '-')]);
        return slug.Length > SlugLength ? slug[..SlugLength] : slug;
    }

    private static string ShortRef(string gitRef) =>
        gitRef.StartsWith(Job.BranchPrefix, StringComparison.Ordinal) ? gitRef[Job.BranchPrefix.Length..] : gitRef;

    private string Hash()
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{Owner}\n{KindWord}\n{Repo}\n{Ref}"));
        return Convert.ToHexStringLower(bytes)[..10];
    }
}
