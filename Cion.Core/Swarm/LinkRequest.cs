using System.Net;

namespace Cion.Core.Swarm;

/// <summary>What ciond asks of a runner: a pipe to the node's Docker engine or to one of its job's containers, or a volume of its job filled or read.</summary>
public abstract record LinkRequest
{
    private LinkRequest() { }

    public sealed record Docker : LinkRequest;

    public sealed record Tcp(IPAddress Address, int Port) : LinkRequest;

    /// <summary>The volume filled from the archive ciond sends (<see cref="LinkProtocol.IsVolumeName"/>).</summary>
    public sealed record Fill(string Volume) : LinkRequest;

    /// <summary>The volume's content sent to ciond as an archive.</summary>
    public sealed record Read(string Volume) : LinkRequest;
}
