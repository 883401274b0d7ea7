using Cion.Core.Containers;

namespace Cion.Core.Swarm;

/// <summary>Makes the engine of a job's node from its runner's link: the daemon decides its owner label and cleanup deadlines.</summary>
/// <param name="connect">The engine from: the node's engine as a unix socket, a way to open a connection to it, and to the job's containers, and the job's volumes there.</param>
public sealed class SwarmEngineFactory(Func<Uri, Func<CancellationToken, Task<Stream>>, AddressConnector, INodeVolumes, IContainerEngine> connect)
{
    public IContainerEngine Connect(Uri dockerSocket, NodeLink link) =>
        connect(dockerSocket, link.OpenDockerAsync, new AddressConnector(link.OpenTcpAsync), link);
}
