namespace Cion.Core.Queries;

/// <summary>Pure: ages and durations the way the cion command and the web page show them ("3m ago", "1m05s").</summary>
public static class TimeText
{
    public static string Age(DateTimeOffset then, DateTimeOffset now)
    {
        var ago = now - then;
        return ago.TotalSeconds < 60 ? $"{Math.Max(0, (int)ago.TotalSeconds)}s ago"
            : ago.TotalMinutes < 60 ? $"{(int)ago.TotalMinutes}m ago"
            : ago.TotalHours < 48 ? $"{(int)ago.TotalHours}h ago"
            : $"{(int)ago.TotalDays}d ago";
    }

    public static string Took(TimeSpan? took) => took is not { } t ? "-"
        : t.TotalSeconds < 60 ? $"{t.TotalSeconds:0.0}s"
        : t.TotalMinutes < 60 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
        : $"{(int)t.TotalHours}h{t.Minutes:00}m";
}
