using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Scheduling;
using Cion.Core.Spool;
using Cion.Core.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cion.Daemon;

/// <summary>
/// Hosts Core's <see cref="JobScheduler"/>: starts it with the host and stops it with the host's
/// stop. All scheduling lives in Core; this only ties it to readiness, the log and the exit code.
/// </summary>
internal sealed class SpoolWorker(ServerConfig config, SpoolLayout spool, FileStateStore store, JobScheduler scheduler, ILogger<SpoolWorker> logger)
    : BackgroundService
{
    /// <summary>Ready (for systemd's Type=notify too) only once the spool is watched: nothing pushed after that is missed.</summary>
    public override Task StartAsync(CancellationToken ct)
    {
        scheduler.WatchSpool();
        // Say once what root engines cost, or that none will be given, where an admin looks, before 'ready'.
        if (EngineDefault.StartWarning(config) is { } warning) logger.LogWarning("{Warning}", warning);
        logger.LogInformation("ciond {Version} ready: watching {Spool}, state in {State}, concurrency {Concurrency}",
            typeof(SpoolWorker).Assembly.GetName().Version?.ToString(3), spool.New, store.Layout.Root, config.Concurrency);
        return base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            await scheduler.RunAsync(stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never a quiet exit: a non-zero code makes systemd's Restart=on-failure bring the daemon back.
            logger.LogCritical(e, "the spool worker failed; ciond stops");
            Environment.ExitCode = 1;
            throw;
        }
    }
}
