namespace Cion.Core.Containers;

/// <summary>
/// Pure data: a container that runs beside a step on the job's network, and how to tell it is
/// ready. The per-job Docker engine is one of these, ready when its API answers.
/// </summary>
public sealed record ServiceSpec(string Name, ContainerSpec Container, ServiceReadiness Readiness, bool WantsPrivilege, int? Port = null);

public enum ServiceReadiness
{
    /// <summary>Ready once its container runs.</summary>
    Started,
    /// <summary>Ready once <see cref="ServiceSpec.Port"/> accepts TCP connections.</summary>
    TcpPort,
    /// <summary>Ready once a Docker API answers <c>GET /_ping</c> on port 2375.</summary>
    DockerApi,
}
