using System.Net;

namespace Cion.Core.Swarm;

/// <summary>What ciond asks of a runner: a pipe to the node's Docker engine, or to one of its job's containers.</summary>
public abstract record LinkRequest
{
    private LinkRequest() { }

    public sealed record Docker : LinkRequest;

    public sealed record Tcp(IPAddress Address, int Port) : LinkRequest;
}
