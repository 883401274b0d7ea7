namespace Cion.Core.Containers;

/// <summary>How cion tells that a service is ready for the step.</summary>
public enum ServiceReadiness
{
    /// <summary>Ready once its container runs.</summary>
    Started,
    /// <summary>Ready once <see cref="ServiceSpec.Port"/> accepts TCP connections.</summary>
    TcpPort,
    /// <summary>Ready once a Docker API answers <c>GET /_ping</c> on port 2375.</summary>
    DockerApi,
}
