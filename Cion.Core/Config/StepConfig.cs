namespace Cion.Core.Config;

/// <summary>One step of <c>.cion.yml</c> (build, test or release): what to run and with which env.</summary>
public sealed record StepConfig
{
    public required string Image { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Overrides the image's command; null keeps the image's own. A string in YAML becomes <c>/bin/sh -c STRING</c>.</summary>
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Release only: globs of branch names that release. Null means "the repository's default branch".</summary>
    public IReadOnlyList<string>? Branches { get; init; }

    /// <summary>Names of server-side secrets (from the repo's own secrets file) the step gets as env.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>How long the step may run; null means the server's default for the step.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Release only: the environment the release deploys to, for the deployment ledger.</summary>
    public string Environment { get; init; } = DefaultEnvironment;

    public const string DefaultEnvironment = "production";

    /// <summary>Which Docker engine of its own the step gets behind DOCKER_HOST, if any. Default: the build gets the server's, the release none.</summary>
    public required DockerRequest Docker { get; init; }

    /// <summary>Whether the step's engine may use the repository's layer cache; <c>cache: false</c> asks for an empty one.</summary>
    public bool Cache { get; init; } = true;

    public bool Equals(StepConfig? other) =>
        other is not null && Image == other.Image
        && Env.Count == other.Env.Count && Env.All(kv => other.Env.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && SameList(Cmd, other.Cmd) && SameList(Branches, other.Branches) && Docker == other.Docker
        && Timeout == other.Timeout && Environment == other.Environment && Secrets.SequenceEqual(other.Secrets)
        && Cache == other.Cache;

    public override int GetHashCode() => Image.GetHashCode();

    private static bool SameList(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b);
}
