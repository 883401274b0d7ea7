namespace Cion.Core.Config;

/// <summary>
/// A container that runs beside a step on the job's network, reachable by its name
/// (a database for the tests, say). The per-job Docker engine is the built-in one,
/// named <see cref="EngineName"/>.
/// </summary>
public sealed record ServiceConfig
{
    public const string EngineName = "docker";

    public required string Name { get; init; }
    public required string Image { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string>? Cmd { get; init; }
    public bool Privileged { get; init; }
    /// <summary>When set, the step starts only once this TCP port accepts connections.</summary>
    public int? Port { get; init; }
    /// <summary>The steps the service runs for; each step gets a fresh one. Default: the build only.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [StepNames.Build];

    public bool Equals(ServiceConfig? other) =>
        other is not null && Name == other.Name && Image == other.Image && Privileged == other.Privileged && Port == other.Port
        && Env.Count == other.Env.Count && Env.All(kv => other.Env.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && (Cmd ?? []).SequenceEqual(other.Cmd ?? []) && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => Name.GetHashCode();
}
