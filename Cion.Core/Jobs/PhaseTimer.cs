using System.Diagnostics;

namespace Cion.Core.Jobs;

/// <summary>Collects how long each phase of a job took, for the <c>result</c> file.</summary>
public sealed class PhaseTimer(TimeProvider clock)
{
    private readonly List<(string Phase, long Milliseconds)> _phases = [];

    public IReadOnlyList<(string Phase, long Milliseconds)> Phases => _phases;

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

    public void Add(string phase, TimeSpan took) => _phases.Add((phase, (long)took.TotalMilliseconds));

    private void Record(string phase, long start) => _phases.Add((phase, (long)clock.GetElapsedTime(start).TotalMilliseconds));
}
