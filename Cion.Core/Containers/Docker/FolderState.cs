namespace Cion.Core.Containers.Docker;

/// <summary>A copied folder as its job's volume holds it, when a container is about to mount it.</summary>
/// <param name="Time">The host folder's time now (null: there is none).</param>
/// <param name="VolumeExists">Whether the engine has the volume at all.</param>
/// <param name="Filled">Whether the volume holds the folder in this state (and what the job wrote since): no copy is needed.</param>
internal sealed record FolderState(CopiedFolder Folder, DateTime? Time, bool VolumeExists, bool Filled);
