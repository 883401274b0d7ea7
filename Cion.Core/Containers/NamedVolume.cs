namespace Cion.Core.Containers;

/// <summary>A Docker volume created for one container, e.g. a per-job engine's <c>/var/lib/docker</c>.</summary>
public sealed record NamedVolume(string Name, string ContainerPath);
