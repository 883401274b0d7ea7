using Cion.Core.Config;
using Cion.Core.Git;

namespace Cion.Core.Containers;

/// <summary>
/// Pure: what the server lets a repository's <c>.cion.yml</c> ask for that can take over the
/// CI host. A root engine runs privileged (or with every capability), and so does a privileged
/// service: whatever drives one can start a container with the host's devices. So both need the
/// repository in <c>dind.trusted</c>, and a privileged service also needs <c>services.allow_privileged</c>.
/// A rootless engine (the default where the host allows it) needs no trust: what the build starts
/// through it lives in a user namespace.
/// </summary>
/// <param name="ServerFile">The server config's path, named in every refusal so the admin knows where to look.</param>
public sealed record PrivilegePolicy(IReadOnlyList<string> Trusted, bool AllowPrivilegedServices, string ServerFile)
{
    /// <summary>The engine <c>docker: true</c> gets: decided by <c>dind.profile</c> and, with auto, by <see cref="RootlessProbe"/>.</summary>
    public EngineDefault DefaultEngine { get; init; } = new(EngineKind.Rootless, "");

    public static PrivilegePolicy From(ServerConfig server, EngineDefault defaultEngine) =>
        new(server.DindTrusted, server.ServicesAllowPrivileged, server.SourceFile) { DefaultEngine = defaultEngine };

    public bool Trusts(string repo) => RepoGlob.MatchesAny(Trusted, repo);

    /// <summary>The engine a step gets for what it asks, or null for none.</summary>
    public EngineKind? EngineFor(DockerRequest request) => request switch
    {
        DockerRequest.None => null,
        DockerRequest.Root => EngineKind.Root,
        _ => DefaultEngine.Kind,
    };

    /// <summary>
    /// Every refusal for the whole config, both steps and every service, so a job is refused
    /// before anything of it runs rather than after its build.
    /// </summary>
    public IReadOnlyList<ConfigError> Refusals(string repo, CionConfig config)
    {
        var refusals = new List<ConfigError>();
        foreach (var (name, step) in new[] { (StepNames.Build, config.Build), (StepNames.Test, config.Test), (StepNames.Release, config.Release) })
            if (step is not null && EngineFor(step.Docker) == EngineKind.Root && !Trusts(repo))
                refusals.Add(Refusal($"{name}.docker", step.Docker == DockerRequest.Root ? RootRefusal(repo, name) : EngineRefusal(repo, name)));
        foreach (var service in config.Services.Where(s => s.Privileged))
            if (ServiceRefusal(repo) is { } why) refusals.Add(Refusal($"services.{service.Name}.privileged", why));
        return refusals;
    }

    /// <exception cref="ConfigException">The config asks for something this server refuses the repository.</exception>
    public void Check(string repo, CionConfig config)
    {
        if (Refusals(repo, config) is { Count: > 0 } refusals) throw new ConfigException(refusals);
    }

    /// <summary><c>docker: true</c> where the server's engines are root ones: the admin's choice, or a host where rootless fails.</summary>
    private string EngineRefusal(string repo, string step) =>
        $"refused: {repo} is not trusted with a Docker engine of its own, which can take over the CI host " +
        $"({NotTrusted(repo)}; {DefaultEngine.Reason}). " +
        (step == StepNames.Build ? "The build gets an engine unless it says docker: false: " : "") +
        $"if the {step} does not call docker, set docker: false on it; otherwise ask the admin to make the rootless engine work " +
        $"here (dind.profile: rootless) or to {Fix(repo)}";

    private string RootRefusal(string repo, string step) =>
        $"refused: {repo} asks for a root Docker engine (docker: {ConfigParser.RootEngine}), which can take over the CI host, and is not trusted " +
        $"with one ({NotTrusted(repo)}). " +
        (DefaultEngine.Kind == EngineKind.Rootless
            ? $"docker: true gives the {step} a rootless engine, enough unless it runs Docker-in-Docker or kind itself; otherwise ask the admin to {Fix(repo)}"
            : $"Set docker: true or false, or ask the admin to {Fix(repo)}");

    private string? ServiceRefusal(string repo)
    {
        if (!AllowPrivilegedServices)
            return $"refused: this server does not allow privileged services (services.allow_privileged in {ServerFile})" +
                (Trusts(repo) ? "" : $"; {repo} would also need to be in dind.trusted");
        return Trusts(repo) ? null
            : $"refused: {repo} is not trusted with a privileged container, which can take over the CI host ({NotTrusted(repo)}): " +
              $"drop privileged: true, or ask the admin to {Fix(repo)}";
    }

    private string NotTrusted(string repo) => $"it matches no glob of dind.trusted in {ServerFile}";

    private static string Fix(string repo)
    {
        var slash = repo.LastIndexOf('/');
        var group = slash > 0 ? $" or a glob such as '{repo[..slash]}/*'" : "";
        return $"add '{repo}'{group} to dind.trusted";
    }

    private static ConfigError Refusal(string key, string why) => new(CionConfig.FileName, 0, key, why);
}
