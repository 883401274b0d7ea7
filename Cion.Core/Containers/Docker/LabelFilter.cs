namespace Cion.Core.Containers.Docker;

/// <summary>The engine's list filter for what carries all the given labels (<c>key</c> or <c>key=value</c>).</summary>
internal static class LabelFilter
{
    public static Dictionary<string, IDictionary<string, bool>> AllOf(params string[] labels) => new()
    {
        ["label"] = labels.ToDictionary(label => label, _ => true),
    };

    /// <summary>This daemon's things (<see cref="Labels.Owner"/>) of one job, or of any job when <paramref name="jobId"/> is null.</summary>
    public static Dictionary<string, IDictionary<string, bool>> Job(string? jobId, string owner) =>
        AllOf(jobId is null ? Labels.Job : $"{Labels.Job}={jobId}", $"{Labels.Owner}={owner}");
}
