using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>Pure: a <see cref="ContainerSpec"/> in the Docker API's terms.</summary>
internal static class ContainerParameters
{
    public static CreateContainerParameters From(ContainerSpec spec) => new()
    {
        Name = spec.Name,
        Image = spec.Image,
        Env = [.. spec.Env.Select(kv => $"{kv.Key}={kv.Value}")],
        Entrypoint = spec.Entrypoint?.ToList()!,
        Cmd = spec.Cmd?.ToList()!,
        WorkingDir = spec.WorkingDir!,
        Labels = new Dictionary<string, string>(spec.Labels),
        AttachStdout = true,
        AttachStderr = true,
        Tty = false,
        HostConfig = HostConfigFor(spec),
        NetworkingConfig = spec.Network is null ? null! : new NetworkingConfig
        {
            EndpointsConfig = new Dictionary<string, EndpointSettings> { [spec.Network] = new() { Aliases = [.. spec.Aliases] } },
        },
    };

    private static HostConfig HostConfigFor(ContainerSpec spec)
    {
        var host = new HostConfig
        {
            Binds =
            [
                .. spec.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}:{(m.ReadOnly ? "ro" : "rw")}"),
                .. spec.Volumes.Select(v => $"{v.Name}:{v.ContainerPath}:rw"),
            ],
            NetworkMode = spec.Network!,
            Devices = [.. spec.Devices.Select(d => new DeviceMapping { PathOnHost = d, PathInContainer = d, CgroupPermissions = "rwm" })],
        };
        switch (spec.Privilege)
        {
            case ContainerPrivilege.Privileged:
                host.Privileged = true;
                break;
            case ContainerPrivilege.Capabilities:
                // What dockerd needs where privileged containers are refused: see ../shared/docker-notes.md
                // ("unable to apply caps": the host engine's bounding set lacks CAP_SYS_RESOURCE).
                host.CapAdd = ["ALL"];
                host.CapDrop = ["SYS_RESOURCE"];
                host.SecurityOpt = ["seccomp=unconfined", "apparmor=unconfined"];
                // The CLI's '--security-opt systempaths=unconfined' is these two empty lists in the API.
                host.MaskedPaths = [];
                host.ReadonlyPaths = [];
                host.DeviceCgroupRules = ["a *:* rwm"];
                host.Binds.Add("/sys/fs/cgroup:/sys/fs/cgroup:rw");
                break;
            default:
                // Step containers: never privileged, never the host's Docker socket.
                host.Privileged = false;
                break;
        }
        return host;
    }
}
