namespace Cion.Core.Containers;

/// <summary>A layer-cache volume as the engine (and the last-used record) reports it.</summary>
/// <param name="InUse">Whether a container, in any state, mounts it: the lease is the engine container itself.</param>
/// <param name="LastUsed">When a job last gave it back; null when never recorded (counts as oldest).</param>
/// <param name="Size">Bytes on disk; 0 when the engine did not say (or was not asked).</param>
public sealed record CacheVolume(string Name, bool InUse, DateTimeOffset? LastUsed, long Size)
{
    /// <summary>The repository it belongs to (its <see cref="Labels.CacheRepo"/> label).</summary>
    public string Repo { get; init; } = "";

    /// <summary>The engine kind whose data root it is: <c>root</c> or <c>rootless</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The ref it belongs to with <c>dind.cache: branch</c>; null for a repository's cache.</summary>
    public string? Ref { get; init; }

    /// <summary>The container that mounts it, when in use.</summary>
    public string? UsedBy { get; init; }

    /// <summary>The job of the container that mounts it, when that container is a job's.</summary>
    public string? UsedByJob { get; init; }
}
