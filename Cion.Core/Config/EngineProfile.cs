namespace Cion.Core.Config;

/// <summary>
/// Which per-job Docker engine a step with <c>docker: true</c> gets (<c>dind.profile</c>), and how a
/// root engine (and an allowed privileged service) gets its privileges.
/// </summary>
public enum EngineProfile
{
    /// <summary>
    /// <see cref="Rootless"/> where it works on this host, else a root engine, privileged or, where the
    /// host refuses that, with the capabilities profile: each decided once per daemon.
    /// </summary>
    Auto,
    /// <summary><c>--privileged</c>, what an ordinary Docker host allows.</summary>
    Privileged,
    /// <summary>
    /// Not privileged, but every capability except CAP_SYS_RESOURCE, no seccomp or AppArmor confinement,
    /// writable /sys/fs/cgroup and all devices: enough for dockerd on hosts that refuse privileged containers.
    /// </summary>
    Capabilities,
    /// <summary>
    /// The engine's container gets a root engine's privileges, but the dockerd the build drives runs as
    /// a user in a user namespace (rootlesskit), so nothing the build starts reaches the host's devices or cgroups.
    /// </summary>
    Rootless,
}
