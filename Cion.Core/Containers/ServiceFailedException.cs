namespace Cion.Core.Containers;

/// <summary>A service (the per-job engine included) did not become ready; the job ends in <c>error</c>.</summary>
public sealed class ServiceFailedException(string service, string reason, string containerLog)
    : Exception($"service {service} {reason}")
{
    /// <summary>The service's own output, for cion.log: usually the real reason.</summary>
    public string ContainerLog { get; } = containerLog;
}
