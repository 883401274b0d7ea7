using System.Globalization;
using System.Text;

namespace Cion.Core.State;

/// <summary>
/// Pure: the <c>result</c> file, <c>key=value</c> lines in a fixed order. Step exits are a
/// number, or <c>skipped</c> when the step did not run. Phase timings are milliseconds.
/// </summary>
public sealed record ResultFile
{
    public const string Skipped = "skipped";

    public required string Status { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public int? BuildExit { get; init; }
    /// <summary>Whether the job's config has a test step; without one, <c>result</c> has no test keys at all.</summary>
    public bool HasTestStep { get; init; }
    public int? TestExit { get; init; }
    public int? ReleaseExit { get; init; }
    /// <summary>Why the release did not run, when it did not: <c>build failed</c>, <c>branch not released</c>, ...</summary>
    public string? ReleaseSkippedBecause { get; init; }
    /// <summary>The step that was stopped at its timeout; its exit is written as <c>timeout</c>.</summary>
    public string? TimedOutStep { get; init; }
    public string? Environment { get; init; }
    /// <summary>Why cion could not run the job (status <c>error</c>), on one line; cion.log has the whole story.</summary>
    public string? Error { get; init; }
    /// <summary>The Swarm node the job ran on (<c>runner: swarm</c>); absent on one host.</summary>
    public string? Node { get; init; }
    public IReadOnlyList<(string Phase, long Milliseconds)> Phases { get; init; } = [];

    public string Format()
    {
        var text = new StringBuilder();
        void Line(string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');
        Line("status", Status);
        Line("queued_at", Time(QueuedAt));
        Line("started_at", Time(StartedAt));
        Line("finished_at", Time(FinishedAt));
        Line("duration_ms", ((long)(FinishedAt - StartedAt).TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        Line("build_exit", Exit("build", BuildExit));
        if (HasTestStep) Line("test_exit", Exit("test", TestExit));
        Line("release_exit", Exit("release", ReleaseExit));
        if (ReleaseSkippedBecause is not null) Line("release_skipped", ReleaseSkippedBecause);
        if (Environment is not null) Line("environment", Environment);
        if (Error is not null) Line("error", OneLine(Error));
        if (Node is not null) Line("node", Node);
        foreach (var (phase, ms) in Phases) Line($"{phase}_ms", ms.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }

    public const string TimedOut = "timeout";

    private string Exit(string step, int? code) =>
        TimedOutStep == step ? TimedOut : code?.ToString(CultureInfo.InvariantCulture) ?? Skipped;

    /// <summary>A value must not start a line of its own: several errors are joined with '; '.</summary>
    private static string OneLine(string text) =>
        string.Join("; ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
