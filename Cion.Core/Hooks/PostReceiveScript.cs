namespace Cion.Core.Hooks;

/// <summary>
/// Pure: the text of the <c>hooks/post-receive</c> that <c>cion install-hook</c> writes.
/// Absolute paths are baked in because git may run the hook with an almost empty
/// environment (over ssh, as another user): no PATH, no CION_CONFIG, no DOTNET_ROOT.
/// </summary>
public static class PostReceiveScript
{
    /// <summary>Marks a hook as cion's, so reinstalling replaces it and a foreign hook is never overwritten.</summary>
    public const string Marker = "# installed by cion install-hook";

    public static string Render(string cionBinary, string configFile, string? dotnetRoot) =>
        $"""
        #!/bin/sh
        {Marker}; reinstall with: cion install-hook "$PWD"
        {(dotnetRoot is null ? "" : $"DOTNET_ROOT={Quote(dotnetRoot)}; export DOTNET_ROOT\n")}exec {Quote(cionBinary)} hook --config {Quote(configFile)}

        """;

    public static bool IsCions(string hookText) => hookText.Contains(Marker, StringComparison.Ordinal);

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
