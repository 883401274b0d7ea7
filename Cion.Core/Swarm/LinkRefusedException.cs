namespace Cion.Core.Swarm;

/// <summary>The runner understood ciond and said no (<c>refused REASON</c>): the target is not its job's, or the request was not one it serves.</summary>
public sealed class LinkRefusedException(string target, string reason) : Exception($"the runner refused {target}: {reason}")
{
    public string Reason { get; } = reason;
}
