using Cion.Core.Containers;
using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>
/// Runs one step: its services up and ready (the job's Docker engine among them), the step's
/// container to its end with output in the step's log, then the services removed, so the
/// build's engine is gone before the release starts. A step that an earlier daemon started is
/// adopted: its containers are found by name and followed, not started again.
/// When the daemon stops (<c>stopping</c>), the containers are left running for the next start.
/// </summary>
public sealed class StepRunner(IContainerEngine docker, ServiceRunner services, EngineSettings engine, Config.ServerConfig server, TimeProvider clock)
{
    /// <exception cref="StepTimedOutException">The step ran past <paramref name="timeout"/>; its container is gone.</exception>
    public async Task<int> RunAsync(ContainerSpec step, IReadOnlyList<ServiceSpec> plan, JobNetwork network, TimeSpan timeout,
        string logPath, RunLog log, PhaseTimer timer, StepProgress progress, CancellationToken stopping, CancellationToken ct)
    {
        var stepName = step.Labels[Labels.Step];
        if (progress.RecordedExit(stepName) is { } recorded)
        {
            // Checkpoint: the exit is on disk; only the removal may not have happened.
            log.Write($"{stepName}: exited {recorded} before ciond restarted");
            await RemoveStepAsync(step, plan);
            return recorded;
        }
        var existing = await docker.FindAsync(step.Name, ct);
        if (existing is null && progress.WasStarted(stepName))
        {
            log.Write($"{stepName}: its container is gone without a recorded exit: running it again from the start");
            File.Delete(logPath);
        }
        await docker.EnsureImageAsync(step.Image, log.Write, ct);
        if (plan.Count > 0) await network.EnsureAsync(log.Write, ct);
        var running = new List<RunningService>();
        var detached = false;
        try
        {
            foreach (var service in plan)
                running.Add(await StartServiceAsync(service, adopt: existing is not null, stepName, log, timer, ct));
            return await RunContainerAsync(step, existing, timeout, logPath, log, progress, stopping, ct);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            detached = true;
            throw;
        }
        finally
        {
            if (!detached)
                foreach (var service in running) await services.StopAsync(service, log.Write);
        }
    }

    private async Task<RunningService> StartServiceAsync(ServiceSpec service, bool adopt, string stepName, RunLog log, PhaseTimer timer, CancellationToken ct)
    {
        var found = await services.FindAsync(service, log.Write, ct);
        if (found is not null && !adopt)
        {
            // Left by a daemon that died before its step started: start afresh.
            await services.StopAsync(found, log.Write);
            found = null;
        }
        var running = found ?? await services.StartAsync(service, log.Write, ct);
        // Users' services get the engine's bound too, so a hung one cannot hold a job forever.
        var ready = await services.WaitReadyAsync(running, engine.ReadyTimeout, log.Write, ct);
        if (service.Readiness == ServiceReadiness.DockerApi && found is null)
        {
            timer.Add($"{stepName}_engine_ready", ready);
            await PreloadAsync(running, log, ct);
        }
        return running;
    }

    private async Task<int> RunContainerAsync(ContainerSpec step, ContainerStatus? existing, TimeSpan timeout,
        string logPath, RunLog log, StepProgress progress, CancellationToken stopping, CancellationToken ct)
    {
        var stepName = step.Labels[Labels.Step];
        string id;
        var limit = timeout;
        if (existing is null)
        {
            log.Write($"{stepName}: starting container {step.Name} from {step.Image} (timeout {Config.Duration.Format(timeout)})");
            // Checkpoint: 'started' is on disk before the container exists, so a restart looks for it.
            progress.MarkStarted(stepName);
            id = await docker.StartDetachedAsync(step, ct);
        }
        else
        {
            id = existing.Id;
            var state = existing.State;
            log.Write($"{stepName}: adopted container {step.Name} ({state})");
            if (state == ContainerStatus.Created)
                await docker.StartAsync(id, ct); // the crash came between create and start
            else if (!existing.Running)
                limit = Timeout.InfiniteTimeSpan; // it has exited: only its log and exit code are left to take
            else if (existing.StartedAt is { } since)
                limit = timeout - (clock.GetUtcNow() - since);
        }
        var start = clock.GetTimestamp();
        // Secrets are masked on the way to the log, also when a value arrives split across writes.
        await using var output = new Secrets.MaskingStream(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), log.Mask);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (limit != Timeout.InfiniteTimeSpan) timer.CancelAfter(limit > TimeSpan.Zero ? limit : TimeSpan.Zero);
        int exit;
        try
        {
            exit = (int)await docker.FollowToEndAsync(id, output, existing is null ? 0 : output.Length, timer.Token, server.LogLimit);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await docker.RemoveAsync(id);
            throw new StepTimedOutException(stepName, timeout);
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            // The log filled the disk. Stop the step, and cut its log back so the job's status,
            // result and cion.log lines still fit: a job always ends in a final state.
            await docker.RemoveAsync(id);
            try { await output.DisposeAsync(); }
            catch (IOException) { } // what it still held does not fit either
            CutShort(logPath);
            throw new DiskFullException(stepName, logPath, e);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // Cancelled (cion cancel): the container goes now. A stopping daemon leaves it running.
            await docker.RemoveAsync(id);
            throw;
        }
        progress.MarkExited(stepName, exit);
        await docker.RemoveAsync(id);
        log.Write($"{stepName}: exited {exit} after {clock.GetElapsedTime(start).TotalSeconds:0.0} s");
        return exit;
    }

    private const int KeptOnDiskFull = 64 * 1024;

    private static bool IsDiskFull(IOException e) =>
        e.HResult == 28 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase); // ENOSPC

    private static void CutShort(string logPath)
    {
        try
        {
            using var log = new FileStream(logPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            log.SetLength(Math.Min(log.Length, KeptOnDiskFull));
            log.Seek(0, SeekOrigin.End);
            log.Write("\n[cion: the disk under the state directory is full; the step was stopped and this log cut short]\n"u8);
        }
        catch (IOException)
        {
            // Even the marker does not fit: the cut itself already freed what it could.
        }
    }

    /// <summary>What a finished step may have left: its container and its services, by name.</summary>
    private async Task RemoveStepAsync(ContainerSpec step, IReadOnlyList<ServiceSpec> plan)
    {
        await docker.RemoveAsync(step.Name);
        foreach (var service in plan) await docker.RemoveAsync(service.Container.Name, service.Container.Volumes);
    }

    private async Task PreloadAsync(RunningService engineService, RunLog log, CancellationToken ct)
    {
        if (engine.Preload.Count == 0) return;
        await docker.PreloadAsync(await services.AddressAsync(engineService, ct), engine.Preload, log.Write, ct);
    }
}
