using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>
/// Two releases to the same repo and environment never run at once, across restarts and crashes:
/// the release that holds an environment is named in a plain file,
/// <c>STATE/deployments/REPO/ENV/releasing</c> (<c>job=…</c>, <c>run=…</c>), which
/// <c>cat</c> shows and a new daemon reads back (<see cref="ReleaseTurn"/> decides from it).
/// Waiters in one daemon go oldest job first. Thread-safe; one instance per daemon.
/// </summary>
/// <remarks>
/// The file is removed when the release ends, and kept (<see cref="Slot.Keep"/>) when the daemon
/// stops while its container runs on: the release is not over, and the next daemon adopts it.
/// A file whose job has finished (a crash between the end and the removal) is taken over.
/// </remarks>
public sealed class ReleaseGate(DeploymentLedger ledger, TimeProvider clock)
{
    public const string FileName = "releasing";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedSet<string>> _waiting = [];

    public async Task<Slot> EnterAsync(Job job, RunPaths run, string environment, Action<string> log, CancellationToken ct)
    {
        var path = Path.Combine(ledger.Dir(job.Repo, environment), FileName);
        var me = job.Id.Value;
        lock (_lock) (_waiting.TryGetValue(path, out var set) ? set : _waiting[path] = new(StringComparer.Ordinal)).Add(me);
        try
        {
            string? saidWhy = null;
            while (true)
            {
                lock (_lock)
                {
                    var holder = ReadHolder(path);
                    var older = _waiting[path].Min;
                    var turn = ReleaseTurn.Decide(holder?.Job, holder is { } h && Finished(h.RunDir), me, older == me ? null : older);
                    if (turn.Kind == ReleaseTurnKind.Go)
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        // Checkpoint: from here a restart finds this job holding the environment.
                        AtomicFile.WriteAllText(path, $"job={me}\nrun={run.Dir}\nsince={clock.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\n");
                        if (holder is not null && holder.Value.Job != me) log($"release: {turn.Why}; taking over {environment}");
                        return new Slot(this, path, me);
                    }
                    if (saidWhy != turn.Why) log($"release: waiting for {turn.Why} to {environment} to finish");
                    saidWhy = turn.Why;
                }
                await Task.Delay(Poll, clock, ct);
            }
        }
        finally
        {
            lock (_lock) _waiting[path].Remove(me);
        }
    }

    private static (string Job, string RunDir)? ReadHolder(string path)
    {
        try
        {
            var values = Queries.KeyValueText.Parse(File.ReadAllText(path));
            return values.TryGetValue("job", out var job) ? (job, values.GetValueOrDefault("run", "")) : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    private static bool Finished(string runDir) =>
        runDir.Length == 0 || !Directory.Exists(runDir) || FileStateStore.ReadStatus(new RunPaths(runDir)) is not { } s || s.IsFinal();

    /// <summary>The environment, held by one release until disposed.</summary>
    public sealed class Slot(ReleaseGate gate, string path, string me) : IDisposable
    {
        private bool _kept, _done;

        /// <summary>The daemon stops while the release's container runs on: leave the file for the next daemon.</summary>
        public void Keep() => _kept = true;

        public void Dispose()
        {
            if (_done || _kept) return;
            _done = true;
            lock (gate._lock)
                if (ReadHolder(path)?.Job == me) File.Delete(path);
        }
    }
}
