namespace Cion.Core.Containers;

/// <summary>A Docker volume created for one container, e.g. a per-job engine's <c>/var/lib/docker</c>.</summary>
/// <param name="CacheLabels">
/// Set for a layer-cache volume (<see cref="CachePool"/>): the labels it is created with instead of the
/// container's, and the mark that keeps it when its container is removed.
/// </param>
public sealed record NamedVolume(string Name, string ContainerPath, IReadOnlyDictionary<string, string>? CacheLabels = null)
{
    /// <summary>Kept between jobs: created if missing, never removed with its container.</summary>
    public bool IsCache => CacheLabels is not null;
}
