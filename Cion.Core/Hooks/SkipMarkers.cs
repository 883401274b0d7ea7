namespace Cion.Core.Hooks;

/// <summary>Pure: the ways a pusher says "no CI for this": a push option, or a marker in the commit message.</summary>
public static class SkipMarkers
{
    public static readonly string[] PushOptions = ["ci.skip", "skip-ci"];
    public static readonly string[] MessageMarkers = ["[skip ci]", "[ci skip]"];
    public const string WaitOption = "cion.wait";

    public static string? InOptions(IEnumerable<string> options) => options.FirstOrDefault(o => PushOptions.Contains(o.Trim()));

    public static string? InMessage(string? message) =>
        message is null ? null : MessageMarkers.FirstOrDefault(m => message.Contains(m, StringComparison.OrdinalIgnoreCase));
}
