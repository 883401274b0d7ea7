namespace Cion.Core.Containers;

/// <summary>A host folder seen inside a container.</summary>
/// <param name="Scratch">
/// What a container writes here matters to the job's later containers only, never to this host (the checkout the
/// steps build in): an engine that copies folders to another machine keeps the writes there and copies nothing back.
/// </param>
public sealed record Mount(string HostPath, string ContainerPath, bool ReadOnly, bool Scratch = false);
