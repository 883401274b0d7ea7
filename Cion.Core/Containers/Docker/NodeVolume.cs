namespace Cion.Core.Containers.Docker;

/// <summary>What the node's engine says of a volume of the runner's job: all the runner checks before touching its folder.</summary>
/// <param name="Driver">The volume driver (<c>local</c> for a folder in the engine's volumes folder).</param>
/// <param name="HasOptions">Whether driver options were given (a local volume with options may be a mount of anything).</param>
/// <param name="Mountpoint">Where the engine keeps its data, as the node names it.</param>
public sealed record NodeVolume(string Driver, bool HasOptions, string Mountpoint);
