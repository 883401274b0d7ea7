using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Jobs;
using Cion.Core.Metrics;
using Cion.Core.Spool;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Scheduling;

/// <summary>
/// The daemon's loop: wait for job files in <c>spool/new</c>, record each as queued, and run
/// the oldest ones, at most <c>concurrency</c> at a time. The file watcher wakes the loop
/// early; a rescan every few seconds catches anything a watcher missed.
/// </summary>
/// <remarks>
/// Call order: <see cref="WatchSpool"/> once, then <see cref="RunAsync"/> once, then
/// <see cref="Dispose"/>. The waiting and running tables belong to the loop alone; other threads
/// (the watcher, finished jobs) only set the <see cref="WakeSignal"/>.
/// </remarks>
public sealed class JobScheduler(ServerConfig config, SpoolLayout spool, SpoolQueue queue, JobIntake intake, FileStateStore store,
    LeftoverSweep leftovers, AbandonedJobs abandoned, JobCanceller canceller, JobLauncher launcher, WarmEngines warm, ILogger<JobScheduler> logger, CionMetrics? metrics = null) : IDisposable
{
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(5);

    private readonly WakeSignal _wake = new();
    private readonly Dictionary<string, Job> _waiting = [];
    private readonly Dictionary<string, RunningJob> _running = [];
    private SpoolWatcher? _watcher;

    /// <summary>
    /// Creates the spool and state folders and starts watching the spool. The daemon is ready
    /// once this returns: a job pushed from then on wakes the loop, and one pushed before is
    /// found by the first rescan.
    /// </summary>
    public void WatchSpool()
    {
        spool.EnsureCreated();
        Directory.CreateDirectory(store.Layout.Jobs);
        _watcher = new SpoolWatcher(spool, _wake.Set);
    }

    /// <summary>
    /// Clears what an earlier daemon left, adopts its jobs, then dispatches on every wake-up or
    /// rescan until <paramref name="stopping"/>. Returns once every running job has detached.
    /// A spool it cannot read is logged and tried again at the next rescan; any other failure ends
    /// the loop and reaches the caller, for the daemon to exit on.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await leftovers.RemoveAsync(stopping);
        abandoned.Adopt((claim, job) => Start(claim, job, stopping));
        // In the background: the first jobs need not wait for engines they may not use.
        var warming = warm.WarmRecentAsync(stopping);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await DispatchAsync(stopping);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The spool itself is unreadable (removed, permissions): say so and keep trying.
                logger.LogError(e, "cannot read the spool {Spool}; trying again in {Seconds} s", spool.Root, RescanInterval.TotalSeconds);
            }
            try { await _wake.WaitAsync(RescanInterval, stopping); }
            catch (OperationCanceledException) { break; }
        }
        // Running jobs see the same token: they remove their containers and go back to the queue.
        await Task.WhenAll(_running.Values.Select(r => r.Task));
        try { await warming; }
        catch (OperationCanceledException) { }
        await warm.StopAsync();
    }

    public void Dispose() => _watcher?.Dispose();

    /// <summary>One pass: free the slots of finished jobs, take in new files, honour cancels, start what fits.</summary>
    private async Task DispatchAsync(CancellationToken stopping)
    {
        ForgetFinished();
        var names = queue.Waiting();
        TakeIn(names);
        await canceller.HandleAsync(_waiting, _running);
        while (StartOrder.Next(names, _waiting.ContainsKey, _running.Count, config.Concurrency) is { } name)
        {
            var job = _waiting[name];
            _waiting.Remove(name);
            if (queue.TryClaim(name) is { } claim) Start(claim, job, stopping);
        }
        metrics?.Scheduled(_waiting.Count, _running.Values.Count(r => !r.Task.IsCompleted));
    }

    private void ForgetFinished()
    {
        foreach (var done in _running.Where(r => r.Value.Task.IsCompleted).Select(r => r.Key).ToList())
        {
            _running[done].Cancel.Dispose();
            _running.Remove(done);
        }
    }

    /// <summary>Records new files as queued (or sets them aside), and forgets waiting jobs whose files are gone.</summary>
    private void TakeIn(IReadOnlyList<string> names)
    {
        foreach (var name in names.Where(n => !_waiting.ContainsKey(n)))
            if (intake.Take(name) is { } job) _waiting[name] = job;
        foreach (var gone in _waiting.Keys.Except(names).ToList())
            _waiting.Remove(gone);
    }

    private void Start(SpoolClaim claim, Job job, CancellationToken stopping) =>
        _running[claim.Name] = launcher.Launch(claim, job, stopping, _wake);
}
