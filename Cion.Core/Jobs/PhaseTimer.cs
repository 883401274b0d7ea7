using System.Diagnostics;

namespace Cion.Core.Jobs;

/// <summary>Collects how long each phase of a job took, for the <c>result</c> file.</summary>
public sealed class PhaseTimer(TimeProvider clock)
{
    private readonly List<(string Phase, long Milliseconds)> _phases = [];

    /// <summary>The phases measured so far, in the order they ended.</summary>
    public IReadOnlyList<(string Phase, long Milliseconds)> Phases
    {
        get { lock (_phases) return [.. _phases]; }
    }

    public void Measure(string phase, Action work) => Measure(phase, () => { work(); return true; });

    public Task MeasureAsync(string phase, Func<Task> work) => MeasureAsync(phase, async () => { await work(); return true; });

    public T Measure<T>(string phase, Func<T> work)
    {
        var start = clock.GetTimestamp();
        try { return work(); }
        finally { Record(phase, start); }
    }

    public async Task<T> MeasureAsync<T>(string phase, Func<Task<T>> work)
    {
        var start = clock.GetTimestamp();
        try { return await work(); }
        finally { Record(phase, start); }
    }

    public void Add(string phase, TimeSpan took)
    {
        // A job's checkout is measured while it is placed on a Swarm node: two threads.
        lock (_phases) _phases.Add((phase, (long)took.TotalMilliseconds));
    }

    private void Record(string phase, long start) => Add(phase, clock.GetElapsedTime(start));
}
