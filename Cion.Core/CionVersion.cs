namespace Cion.Core;

/// <summary>
/// cion's own version, <c>0.1.0</c>: the one <c>Version</c> of Directory.Build.props, which also names the
/// Debian package, so a default image tagged with it matches the package that asks for it.
/// </summary>
public static class CionVersion
{
    // The assembly version, not the informational one: the SDK appends the commit (+abc123) to the latter.
    public static string Current { get; } = typeof(CionVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
