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

    /// <summary>Unpacks the volume's content into <paramref name="newFolder"/>, which must not exist yet; owners are not kept.</summary>
    /// <returns>False when refused, before anything was unpacked.</returns>
    /// <exception cref="IOException">The archive came cut (a node lost, a runner killed), or the folder could not be written.</exception>
    /// <exception cref="InvalidDataException">An entry would land outside the folder.</exception>
    Task<bool> ReadVolumeAsync(string volume, string newFolder, CancellationToken ct);
}
