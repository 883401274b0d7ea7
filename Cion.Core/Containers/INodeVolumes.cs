namespace Cion.Core.Containers;

/// <summary>
/// A job's volumes on a remote engine's node, filled and read there directly (cion-runner on a Swarm node) instead of
/// through the engine's archive calls, each of which costs the engine a process of its own. Either may be refused
/// before anything is written (a runner that cannot see the node's volumes, a volume in use): the caller then goes
/// through the engine.
/// </summary>
public interface INodeVolumes
{
    /// <summary>Fills the job's (empty, unused) volume with everything inside <paramref name="hostFolder"/>.</summary>
    /// <returns>False when refused, before anything was written.</returns>
    Task<bool> FillVolumeAsync(string volume, string hostFolder, CancellationToken ct);

    /// <summary>The volume's content as an archive (<see cref="Swarm.VolumeArchive.ReceiveIntoHostAsync"/>); null when refused.</summary>
    Task<Stream?> ReadVolumeAsync(string volume, CancellationToken ct);
}
