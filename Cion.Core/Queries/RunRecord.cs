using Cion.Core.Jobs;
using Cion.Core.State;

namespace Cion.Core.Queries;

/// <summary>One run as the state directory records it: its job file, status and result.</summary>
public sealed record RunRecord(Job Job, JobState? Status, IReadOnlyDictionary<string, string> Result, RunPaths Paths)
{
    public string? ResultValue(string key) => Result.TryGetValue(key, out var value) ? value : null;

    public DateTimeOffset? Time(string key) =>
        ResultValue(key) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    public TimeSpan? Duration => ResultValue("duration_ms") is { } ms && long.TryParse(ms, out var value) ? TimeSpan.FromMilliseconds(value) : null;
}
