namespace Cion.Core.Jobs;

/// <summary>
/// Two releases to the same repo and environment never run at once: the later one waits
/// here (first come, first served). Thread-safe; one instance per daemon.
/// </summary>
public sealed class ReleaseGate
{
    private readonly Dictionary<string, SemaphoreSlim> _gates = [];

    public async Task<IDisposable> EnterAsync(string repo, string environment, Action<string> log, CancellationToken ct)
    {
        SemaphoreSlim gate;
        lock (_gates)
        {
            var key = $"{repo}\n{environment}";
            if (!_gates.TryGetValue(key, out gate!)) _gates[key] = gate = new SemaphoreSlim(1, 1);
        }
        if (!gate.Wait(0))
        {
            log($"release: waiting for another release of {repo} to {environment} to finish");
            await gate.WaitAsync(ct);
        }
        return new Slot(gate);
    }

    private sealed class Slot(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
