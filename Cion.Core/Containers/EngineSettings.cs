using Cion.Core.Config;

namespace Cion.Core.Containers;

/// <summary>The server's settings for per-job Docker engines (<c>dind.*</c> in the server config).</summary>
public sealed record EngineSettings(string Image, IReadOnlyList<string> Args, TimeSpan ReadyTimeout, IReadOnlyList<string> Preload)
{
    public const int Port = 2375;
    /// <summary>What a step that has an engine finds in DOCKER_HOST: the engine's name on the job network.</summary>
    public static readonly string DockerHost = $"tcp://{ServiceConfig.EngineName}:{Port}";

    public static EngineSettings From(ServerConfig config) =>
        new(config.DindImage, config.DindArgs, TimeSpan.FromSeconds(config.DindReadySeconds), config.DindPreload);

    /// <summary>
    /// dockerd listening on the job network without TLS (it is reachable only there), plus the
    /// operator's extra arguments. <c>--tls=false</c> also skips dockerd 20.10's deliberate 15 s
    /// wait before it listens on TCP without TLS. The empty DOCKER_TLS_CERTDIR stops the official
    /// docker:dind entrypoint from generating certificates and moving to port 2376.
    /// </summary>
    public IReadOnlyList<string> Command =>
        ["dockerd", $"--host=tcp://0.0.0.0:{Port}", "--host=unix:///var/run/docker.sock", "--tls=false", .. Args];
}
