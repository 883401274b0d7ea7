using System.Net.Sockets;
using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Core.Swarm;

namespace Cion.Runner;

/// <summary>
/// Opens what a request asks for, if the runner may: the node's Docker socket, a TCP connection to a container of
/// its own job and owner, or a volume of its job (<see cref="JobVolumes"/>). Anything else is refused with a reason
/// ciond can show.
/// </summary>
internal sealed class LinkTargets(JobOnNode node, string job, string dockerSocket, JobVolumes volumes, Action<string> log)
{
    /// <summary>What serves the request, or why it was refused.</summary>
    public async Task<(ILinkService? Service, string? Refused)> OpenAsync(LinkRequest request, CancellationToken ct)
    {
        switch (request)
        {
            case LinkRequest.Docker:
                return (new PipeService(await ConnectUnixAsync(dockerSocket, ct)), null);
            case LinkRequest.Tcp tcp when !await node.IsJobContainerAsync(tcp.Address, ct):
                return (null, $"{tcp.Address} is not a container of job {job} on this node");
            case LinkRequest.Tcp tcp:
                try { return (new PipeService(await AddressConnector.Direct.ConnectAsync(tcp.Address.ToString(), tcp.Port, ct)), null); }
                catch (SocketException e) { return (null, $"cannot connect to {tcp.Address}:{tcp.Port}: {e.SocketErrorCode}"); }
            case LinkRequest.Fill fill:
                return await VolumeServiceAsync(fill.Volume, (folder, inUse) => new FillService(folder, inUse, log), ct);
            case LinkRequest.Read read:
                return await VolumeServiceAsync(read.Volume, (folder, inUse) => new ReadService(folder, inUse, log), ct);
            default:
                return (null, "unknown request");
        }
    }

    /// <summary>
    /// A fill or read of the volume's folder, or why not; an engine that does not answer is a refusal too (ciond then
    /// asks the engine itself). The service asks again at its end whether a container uses the volume.
    /// </summary>
    /// <param name="serve">The service, given the volume's folder and the question whether a container uses it.</param>
    private async Task<(ILinkService? Service, string? Refused)> VolumeServiceAsync(string volume,
        Func<string, Func<Task<bool>>, ILinkService> serve, CancellationToken ct)
    {
        try
        {
            var (folder, refused) = await volumes.FindAsync(volume, ct);
            return folder is null ? (null, refused) : (serve(folder, () => volumes.InUseAsync(volume, ct)), null);
        }
        catch (Exception e) when (e is EngineRefusedException or HttpRequestException or IOException or SocketException)
        {
            return (null, $"the node's engine did not say what {volume} is: {e.Message}");
        }
    }

    private static async Task<Stream> ConnectUnixAsync(string path, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
