namespace Cion.Core.Config;

/// <summary>The one place that spells the event names of <c>notify.on</c>.</summary>
public static class NotifyEventWords
{
    private static readonly Dictionary<NotifyEvent, string> Words = new()
    {
        [NotifyEvent.Failure] = "failure",
        [NotifyEvent.Fixed] = "fixed",
        [NotifyEvent.Success] = "success",
        [NotifyEvent.Deployed] = "deployed",
        [NotifyEvent.Always] = "always",
    };

    /// <summary>What a notification without <c>on:</c> runs on: when a branch breaks and when it is mended.</summary>
    public static readonly IReadOnlyList<NotifyEvent> Default = [NotifyEvent.Failure, NotifyEvent.Fixed];

    public static string Known => string.Join(", ", Words.Values);

    public static string ToWord(this NotifyEvent e) => Words[e];

    public static bool TryParse(string word, out NotifyEvent e)
    {
        foreach (var (key, value) in Words)
        {
            if (value == word) { e = key; return true; }
        }
        e = default;
        return false;
    }
}
