namespace Cion.Core.Containers;

/// <summary>A service (the per-job engine included) did not become ready; the job ends in <c>error</c>.</summary>
public sealed class ServiceFailedException(string service, string reason, string containerLog, string advice = "")
    : Exception($"service {service} {reason}")
{
    /// <summary>The service's own output, for cion.log: usually the real reason.</summary>
    public string ContainerLog { get; } = containerLog;

    /// <summary>For cion.log after the service's log: what ran and how to fix the server's config, when cion knows.</summary>
    public string Advice { get; } = advice;
}
