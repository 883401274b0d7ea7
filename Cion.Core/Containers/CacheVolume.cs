namespace Cion.Core.Containers;

/// <summary>A layer-cache volume as the engine (and the last-used record) reports it.</summary>
/// <param name="InUse">Whether a container, in any state, mounts it: the lease is the engine container itself.</param>
/// <param name="LastUsed">When a job last gave it back; null when never recorded (counts as oldest).</param>
/// <param name="Size">Bytes on disk; 0 when the engine did not say.</param>
public sealed record CacheVolume(string Name, bool InUse, DateTimeOffset? LastUsed, long Size);
