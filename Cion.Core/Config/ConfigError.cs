namespace Cion.Core.Config;

/// <summary>
/// One problem found in a YAML file, located so a person can go straight to it:
/// <c>.cion.yml:4: build.env: expected a map of names to values, found a list</c>.
/// Line is 1-based; 0 means the problem is the file as a whole (missing, empty).
/// </summary>
public sealed record ConfigError(string File, int Line, string Key, string Message)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return string.IsNullOrEmpty(Key) ? $"{where}: {Message}" : $"{where}: {Key}: {Message}";
    }
}
