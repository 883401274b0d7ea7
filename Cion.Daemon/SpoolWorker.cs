using Cion.Core.Config;
using Cion.Core.Git;
using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cion.Daemon;

/// <summary>
/// The daemon's loop: wait for job files in <c>spool/new</c>, record each as queued, and run
/// the oldest ones, at most <c>concurrency</c> at a time. The file watcher wakes the loop
/// early; a rescan every few seconds catches anything a watcher missed.
/// </summary>
internal sealed class SpoolWorker(
    ServerConfig config, SpoolLayout spool, SpoolQueue queue, JobIntake intake, CancelIntake cancels, FileStateStore store, JobRunner runner,
    JobFinisher finisher, Retention retention, LeftoverSweep leftovers, ILogger<SpoolWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<string, Job> _waiting = [];
    private readonly Dictionary<string, RunningJob> _running = [];

    /// <summary>A job this daemon runs, and the switch <c>cion cancel</c> flips.</summary>
    private sealed record RunningJob(Job Job, Task Task, CancellationTokenSource Cancel);
    private SpoolWatcher? _watcher;

    /// <summary>Ready (for systemd's Type=notify too) only once the spool is watched: nothing pushed after that is missed.</summary>
    public override Task StartAsync(CancellationToken ct)
    {
        spool.EnsureCreated();
        Directory.CreateDirectory(store.Layout.Jobs);
        _watcher = new SpoolWatcher(spool, Wake);
        // The default keeps upgrades working; say once what it costs, where an admin looks, before 'ready'.
        if (config.DindTrusted.Contains(RepoGlob.Everything))
            logger.LogWarning("dind.trusted in {Config} trusts every repository with a per-job Docker engine: whoever can push a .cion.yml can take over this host (README: Security)",
                config.SourceFile);
        logger.LogInformation("ciond {Version} ready: watching {Spool}, state in {State}, concurrency {Concurrency}",
            typeof(SpoolWorker).Assembly.GetName().Version?.ToString(3), spool.New, store.Layout.Root, config.Concurrency);
        return base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            await LoopAsync(stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never a quiet exit: a non-zero code makes systemd's Restart=on-failure bring the daemon back.
            logger.LogCritical(e, "the spool worker failed; ciond stops");
            Environment.ExitCode = 1;
            throw;
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        await leftovers.RemoveAsync(stopping);
        AdoptAbandoned(stopping);
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
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        base.Dispose();
    }

    private void Wake() => _wake.Release();

    private async Task DispatchAsync(CancellationToken stopping)
    {
        foreach (var done in _running.Where(r => r.Value.Task.IsCompleted).Select(r => r.Key).ToList())
        {
            _running[done].Cancel.Dispose();
            _running.Remove(done);
        }
        var names = queue.Waiting();
        foreach (var name in names.Where(n => !_waiting.ContainsKey(n)))
            if (intake.Take(name) is { } job) _waiting[name] = job;
        foreach (var gone in _waiting.Keys.Except(names).ToList())
            _waiting.Remove(gone);
        await HandleCancelRequestsAsync();
        foreach (var name in names.Where(_waiting.ContainsKey))
        {
            if (_running.Count >= config.Concurrency) break;
            var job = _waiting[name];
            _waiting.Remove(name);
            if (queue.TryClaim(name) is { } claim) Start(claim, job, stopping);
        }
    }

    private void Start(SpoolClaim claim, Job job, CancellationToken stopping)
    {
        var cancel = new CancellationTokenSource();
        _running[claim.Name] = new RunningJob(job, RunAsync(claim, job, stopping, cancel.Token), cancel);
    }

    /// <summary>
    /// Jobs left claimed in <c>cur/</c> by a daemon that stopped or died: their containers may
    /// still run. Each is adopted (whatever the concurrency: its containers exist already) and
    /// finished from where it was; one a live daemon holds is left alone, and one ciond never
    /// took in is set aside (<see cref="JobIntake.TakeClaimed"/>).
    /// </summary>
    private void AdoptAbandoned(CancellationToken stopping)
    {
        foreach (var name in queue.Claimed())
        {
            if (queue.TryAdopt(name) is not { } claim) continue;
            try
            {
                if (intake.TakeClaimed(claim) is not { } job) continue;
                if (FileStateStore.ReadStatus(store.Layout.Run(job)) is { } state && state.IsFinal())
                {
                    // Finished (or cancelled) before the daemon died ahead of dropping the claim.
                    claim.Complete();
                    continue;
                }
                logger.LogWarning("adopting job {JobId}, left running by the daemon before", job.Id);
                Start(claim, job, stopping);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                logger.LogError(e, "cannot adopt claimed file {Name}; leaving it in {Cur}", name, spool.Cur);
                claim.Dispose();
            }
        }
    }

    /// <summary>
    /// <c>cion cancel</c> leaves <c>cancel/JOB_ID</c>: a running job is stopped (its containers go
    /// at once), a waiting one is claimed and recorded as cancelled without starting. A request
    /// for a job that is not here (finished, or never queued) is dropped; one whose owner may not
    /// write the job's repository is set aside by <see cref="CancelIntake"/>.
    /// </summary>
    private async Task HandleCancelRequestsAsync()
    {
        foreach (var id in queue.CancelRequests())
        {
            var name = id + JobFile.Extension;
            var job = _running.TryGetValue(name, out var running) ? running.Job : _waiting.GetValueOrDefault(name);
            if (job is null)
            {
                queue.DropCancelRequest(id);
                continue;
            }
            if (cancels.Take(id, job) is not { } requestedBy) continue; // set aside, or judged again next pass
            if (running is not null)
            {
                logger.LogInformation("cancelling running job {JobId} ({RequestedBy})", id, requestedBy);
                await running.Cancel.CancelAsync();
            }
            else if (_waiting.Remove(name, out var waiting) && queue.TryClaim(name) is { } claim)
            {
                logger.LogInformation("cancelling queued job {JobId} ({RequestedBy})", id, requestedBy);
                try
                {
                    await finisher.CancelQueuedAsync(waiting, store.Layout.Run(waiting), requestedBy);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Not recorded: put the job back and keep the request for the next pass.
                    logger.LogError(e, "cannot record the cancel of {JobId}; trying again", id);
                    claim.Requeue();
                    continue;
                }
                claim.Complete();
            }
            queue.DropCancelRequest(id);
        }
    }

    private Task RunAsync(SpoolClaim claim, Job job, CancellationToken stopping, CancellationToken cancelled) => Task.Run(async () =>
    {
        try
        {
            var state = await runner.RunAsync(job, stopping, cancelled);
            if (!state.IsFinal())
            {
                claim.Dispose(); // the daemon is stopping: the job stays claimed for the next start to adopt
                return;
            }
            claim.Complete();
            ApplyRetention(job);
        }
        catch (Exception e)
        {
            // The runner records every failure it can; reaching here means the state directory
            // itself failed us. Leave the claim in cur/ so the next start adopts the job.
            logger.LogError(e, "job {JobId} could not be recorded; it stays claimed until the next start", job.Id);
            claim.Dispose();
        }
        finally
        {
            Wake();
        }
    }, CancellationToken.None);

    private void ApplyRetention(Job job)
    {
        try
        {
            var removed = retention.Apply(job.Repo);
            if (removed > 0) logger.LogInformation("keep: removed {Count} old runs of {Repo}", removed, job.Repo);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "keep: could not remove old runs of {Repo}", job.Repo);
        }
    }
}
