namespace Cion.Core.Containers;

/// <summary>
/// Pure: what a per-job engine's container holds, by <see cref="EngineKind"/>. Both listen on the job
/// network without TLS (it is reachable only there); where the command goes in the image is
/// <see cref="EngineLaunch"/>'s business, the same for both.
/// </summary>
/// <param name="DataRoot">Where the engine keeps images and containers: a volume of the job's (issue 14's layer cache goes here).</param>
/// <param name="Devices">Host devices the container gets, at the same path.</param>
public sealed record EngineContainer(EngineKind Kind, string Image, IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Env,
    string DataRoot, IReadOnlyList<string> Devices)
{
    public const string RootDataRoot = "/var/lib/docker";
    /// <summary>docker:dind-rootless's: user <c>rootless</c>'s <c>~/.local/share/docker</c>, which the image makes and owns, so a fresh volume there is the user's.</summary>
    public const string RootlessDataRoot = "/home/rootless/.local/share/docker";
    /// <summary>slirp4netns, rootlesskit's network, needs it; a privileged container has it anyway, a capabilities one does not.</summary>
    public const string TunDevice = "/dev/net/tun";
    public const string RootlessKitFlags = "DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS";

    public static EngineContainer For(EngineKind kind, EngineSettings settings) => kind == EngineKind.Root
        ? new(kind, settings.Image, settings.Command, TlsOff(), RootDataRoot, [])
        : new(kind, settings.RootlessImage, settings.RootlessCommand,
            // dockerd listens inside rootlesskit's network namespace: its port is published from there
            // to the container's own address, where the job network reaches it.
            TlsOff(new() { [RootlessKitFlags] = $"-p 0.0.0.0:{EngineSettings.Port}:{EngineSettings.Port}/tcp" }),
            RootlessDataRoot, [TunDevice]);

    /// <summary>An empty DOCKER_TLS_CERTDIR stops the official images' entrypoints from making certificates and moving to port 2376.</summary>
    private static Dictionary<string, string> TlsOff(Dictionary<string, string>? env = null)
    {
        env ??= [];
        env["DOCKER_TLS_CERTDIR"] = "";
        return env;
    }
}
