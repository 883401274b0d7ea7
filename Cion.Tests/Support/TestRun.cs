namespace Cion.Tests.Support;

/// <summary>
/// This run of the suite. Every folder a test makes, and so every state directory a daemon under
/// test labels its containers with (<c>cion.state</c>), has <see cref="Segment"/> in its path: two
/// runs sharing one Docker engine (two worktrees, or the tests beside the benchmarks) then see and
/// remove only their own leftovers.
/// </summary>
public static class TestRun
{
    public static readonly string Id = $"run-{Environment.ProcessId}";

    /// <summary>The path segment that marks this run's folders: <c>/run-PID/</c>.</summary>
    public static readonly string Segment = $"/{Id}/";
}
