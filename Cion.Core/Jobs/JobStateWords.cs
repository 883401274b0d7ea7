namespace Cion.Core.Jobs;

/// <summary>The one place that spells the words stored in <c>status</c> files.</summary>
public static class JobStateWords
{
    private static readonly Dictionary<JobState, string> Words = new()
    {
        [JobState.Queued] = "queued",
        [JobState.Running] = "running",
        [JobState.Succeeded] = "succeeded",
        [JobState.Failed] = "failed",
        [JobState.Error] = "error",
        [JobState.Cancelled] = "cancelled",
    };

    public static string ToWord(this JobState state) => Words[state];

    public static bool TryParse(string word, out JobState state)
    {
        foreach (var (key, value) in Words)
        {
            if (value == word.Trim()) { state = key; return true; }
        }
        state = default;
        return false;
    }

    public static bool IsFinal(this JobState state) => state is not (JobState.Queued or JobState.Running);
}
