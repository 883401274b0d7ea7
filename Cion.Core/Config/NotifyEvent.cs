namespace Cion.Core.Config;

/// <summary>When a notification runs (<c>on:</c>); the words people write come from <see cref="NotifyEventWords"/>.</summary>
public enum NotifyEvent
{
    /// <summary>The job ended <c>failed</c> (a step exited non-zero or timed out) or <c>error</c>.</summary>
    Failure,
    /// <summary>The job succeeded and the branch's previous finished job did not.</summary>
    Fixed,
    Success,
    /// <summary>The job's release ran and exited 0.</summary>
    Deployed,
    /// <summary>Every job that ends, cancelled ones included.</summary>
    Always,
}
