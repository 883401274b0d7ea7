namespace Cion.Core.Containers;

/// <summary>The engine answered a request with an error: a container it cannot create or start, a call it refuses.</summary>
/// <param name="message">The whole error as the engine's client put it (status and reply).</param>
/// <param name="reason">The engine's own words, for cion.log.</param>
/// <param name="reply">The engine's reply as it came (for the daemon's log when it refuses privileges).</param>
public sealed class EngineRefusedException(string message, string reason, string reply, Exception? inner = null)
    : Exception(message, inner)
{
    public string Reason { get; } = reason;

    public string Reply { get; } = reply;
}
