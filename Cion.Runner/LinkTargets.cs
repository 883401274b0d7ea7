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
                var (into, notInto) = await FindAsync(fill.Volume, ct);
                return into is null ? (null, notInto) : (new FillService(into, () => volumes.InUseAsync(fill.Volume, ct), log), null);
            case LinkRequest.Read read:
                var (from, notFrom) = await FindAsync(read.Volume, ct);
                return from is null ? (null, notFrom) : (new ReadService(from, () => volumes.InUseAsync(read.Volume, ct), log), null);
            default:
                return (null, "unknown request");
        }
    }

    /// <summary>The volume's folder, or why not; an engine that does not answer is a refusal too (ciond then asks the engine itself).</summary>
    private async Task<(string? Folder, string? Refused)> FindAsync(string volume, CancellationToken ct)
    {
        try { return await volumes.FindAsync(volume, ct); }
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
