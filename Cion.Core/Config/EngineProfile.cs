namespace Cion.Core.Config;

/// <summary>How the per-job Docker engine (and an allowed privileged service) gets its privileges.</summary>
public enum EngineProfile
{
    /// <summary>Privileged; if the host's engine refuses that, the capabilities profile, decided once per daemon.</summary>
    Auto,
    /// <summary><c>--privileged</c>, what an ordinary Docker host allows.</summary>
    Privileged,
    /// <summary>
    /// Not privileged, but every capability except CAP_SYS_RESOURCE, no seccomp or AppArmor confinement,
    /// writable /sys/fs/cgroup and all devices: enough for dockerd on hosts that refuse privileged containers.
    /// </summary>
    Capabilities,
}
