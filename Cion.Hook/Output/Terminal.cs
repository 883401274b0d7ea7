using Cion.Core.Jobs;
using Cion.Core.Queries;

namespace Cion.Hook.Output;

/// <summary>Colours only for a person at a terminal: not when output is redirected, not with NO_COLOR (no-color.org) or TERM=dumb.</summary>
internal static class Terminal
{
    public static readonly bool Colour =
        !Console.IsOutputRedirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public static string Status(JobState? state)
    {
        var word = state?.ToWord() ?? "unknown";
        if (!Colour) return word;
        var code = state switch
        {
            JobState.Succeeded => "32",
            JobState.Failed or JobState.Error => "31",
            JobState.Running or JobState.Queued => "33",
            _ => "90",
        };
        return $"\u001b[{code}m{word}\u001b[0m";
    }

    /// <summary>Pads to a width counting only visible characters, so coloured cells line up.</summary>
    public static string Pad(string text, int width, int visible) => text + new string(' ', Math.Max(0, width - visible));

    public static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

    public static string Age(DateTimeOffset then, DateTimeOffset now) => TimeText.Age(then, now);

    public static string Took(TimeSpan? took) => TimeText.Took(took);
}
