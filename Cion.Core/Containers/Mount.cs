namespace Cion.Core.Containers;

/// <summary>A host folder seen inside a container.</summary>
public sealed record Mount(string HostPath, string ContainerPath, bool ReadOnly);
