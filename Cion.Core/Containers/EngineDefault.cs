using Cion.Core.Config;

namespace Cion.Core.Containers;

/// <summary>
/// Pure: the engine a step with <c>docker: true</c> gets on this server, and why, for the messages
/// that refuse a repository a root engine and for the daemon's log.
/// </summary>
public sealed record EngineDefault(EngineKind Kind, string Reason)
{
    /// <param name="rootlessProblem">With <see cref="EngineProfile.Auto"/>: why the rootless engine did not work on this host, or null when it did.</param>
    public static EngineDefault For(EngineProfile profile, string serverFile, string? rootlessProblem = null) => profile switch
    {
        EngineProfile.Rootless => new(EngineKind.Rootless, $"dind.profile: rootless in {serverFile}"),
        EngineProfile.Privileged or EngineProfile.Capabilities =>
            new(EngineKind.Root, $"dind.profile: {profile.ToString().ToLowerInvariant()} in {serverFile} makes every per-job engine a root engine"),
        _ => rootlessProblem is null
            ? new(EngineKind.Rootless, "dind.profile: auto, and the rootless engine works on this host")
            : new(EngineKind.Root, $"the rootless engine does not work on this host ({rootlessProblem.Trim()}), so dind.profile: auto in {serverFile} falls back to root engines"),
    };

    /// <summary>What an admin must hear at start about root engines and <c>dind.trusted</c>, or null when nothing.</summary>
    public static string? StartWarning(ServerConfig server)
    {
        if (server.DindTrusted.Contains(Git.RepoGlob.Everything))
            return $"dind.trusted in {server.SourceFile} trusts every repository with a root Docker engine (docker: root, or every engine where " +
                "the profile is a root one): whoever can push a .cion.yml there can take over this host (README: Security)";
        if (server.DindProfile is EngineProfile.Privileged or EngineProfile.Capabilities && server.DindTrusted.Count == 0)
            return $"{For(server.DindProfile, server.SourceFile).Reason}, and dind.trusted names no repository: every job whose steps have " +
                "docker: true ends in error. Set dind.profile: rootless (or auto), or list in dind.trusted the repositories you trust with root on this host";
        return null;
    }
}
