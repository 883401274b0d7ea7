namespace Cion.Core.Config;

/// <summary>Where ciond runs its jobs (<c>runner:</c>): the one engine of <c>docker</c>, or a Docker Swarm that engine manages.</summary>
public enum RunnerKind
{
    /// <summary>Every job's containers on the <c>docker</c> engine, as before issue 16.</summary>
    Local,
    /// <summary>Each job a one-shot Swarm service on the <c>docker</c> manager; Swarm picks the node (<see cref="SwarmSettings"/>).</summary>
    Swarm,
}
