using Cion.Core.Config;

namespace Cion.Core.LocalRuns;

/// <summary>What <c>cion run</c> was asked for on its command line.</summary>
/// <param name="Step"><c>--step</c>: run the pipeline up to and including it; null: every step but the release.</param>
/// <param name="Env"><c>--env</c>: on top of each step's <c>env:</c>.</param>
/// <param name="Secrets"><c>--secret</c>: on top of <paramref name="SecretsFile"/>'s.</param>
/// <param name="ArtifactsDir"><c>--artifacts</c>: kept after the run; null: a temporary folder, removed.</param>
/// <param name="DockerEndpoint">The local engine: <c>DOCKER_HOST</c>, else the default socket.</param>
/// <param name="Server">Engine images, <c>dind.*</c> and default time limits: a server config given with <c>--config</c>, else the defaults.</param>
public sealed record LocalRunOptions(
    string? Step, IReadOnlyDictionary<string, string> Env, IReadOnlyDictionary<string, string> Secrets, string? SecretsFile,
    string? ArtifactsDir, string DockerEndpoint, ServerConfig Server);
