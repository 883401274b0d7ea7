using Cion.Core.Containers;

namespace Cion.Core.Swarm;

/// <summary>Makes the engine of a job's node from its runner's link: the daemon decides its owner label and cleanup deadlines.</summary>
public sealed class SwarmEngineFactory(Func<Uri, AddressConnector, IContainerEngine> connect)
{
    public IContainerEngine Connect(Uri dockerSocket, NodeLink link) =>
        connect(dockerSocket, new AddressConnector(link.OpenTcpAsync));
}
