namespace Cion.Core.Config;

/// <summary>Thrown when a file cannot be turned into configuration; carries every error found.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
