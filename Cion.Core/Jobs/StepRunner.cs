using Cion.Core.Containers;
using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>
/// Runs one step: its services up and ready (the job's Docker engine among them), the step's
/// container to its end with output in the step's log, then the services removed, so the
/// build's engine is gone before the release starts. A step that an earlier daemon started is
/// adopted as <see cref="StepAdoption"/> decides: its containers are found by name and followed, not started again.
/// When the daemon stops (<see cref="StepContext.Stopping"/>), the containers are left running for the next start.
/// </summary>
/// <param name="warm">Engines started before a job asks; null: every job starts its own.</param>
public sealed class StepRunner(IContainerEngine engine, ServiceRunner services, EngineSettings engineSettings, Config.ServerConfig server, TimeProvider clock,
    WarmEngines? warm = null)
{
    /// <exception cref="StepTimedOutException">The step ran past its timeout; its container is gone.</exception>
    public async Task<int> RunAsync(StepContext step)
    {
        var decision = await DecideAsync(step.Name, step.Container.Name, step.Progress, step.Timeout, step.Cancel);
        if (decision is { Kind: StepAdoptionKind.Finished, RecordedExit: { } recorded })
        {
            // Checkpoint: the exit is on disk; only the removal may not have happened.
            step.Log.Write($"{step.Name}: exited {recorded} before ciond restarted");
            await RemoveStepAsync(step);
            return recorded;
        }
        if (decision.Kind == StepAdoptionKind.RunAgain)
        {
            step.Log.Write($"{step.Name}: its container is gone without a recorded exit: running it again from the start");
            File.Delete(step.LogPath);
        }
        await engine.EnsureImageAsync(step.Container.Image, step.Log.Write, step.Cancel);
        var running = new List<RunningService>();
        RunningService? taken = null;
        var detached = false;
        try
        {
            var asked = clock.GetTimestamp();
            taken = decision.AdoptsContainer ? null : await TakeWarmEngineAsync(step);
            if (taken is not null)
            {
                running.Add(taken);
                // The warm engine's own network, where it is docker already, is the step's: no network to make or join.
                step = OnNetwork(step, taken.Container.Network!);
                await ReadyWarmEngineAsync(step, taken, asked);
            }
            else if (step.Services.Count > 0) await step.Network.EnsureAsync(step.Log.Write, step.Cancel);
            foreach (var service in step.Services.Where(s => taken is null || s.Readiness != ServiceReadiness.DockerApi))
                running.Add(await StartServiceAsync(step, service, adopt: decision.AdoptsContainer));
            return await StepContainer.RunAsync(engine, step, AsOfNow(decision, step), server.LogLimit, clock, new DiskRoom(engine, server.State));
        }
        catch (OperationCanceledException) when (step.Stopping.IsCancellationRequested)
        {
            detached = true;
            throw;
        }
        finally
        {
            if (!detached)
            {
                var later = step.Last && warm is not null ? running.FirstOrDefault(r => r.Warm) : null;
                foreach (var service in running.Where(r => r != later))
                {
                    await services.StopAsync(service, step.Log.Write);
                    // Its volume is free again: the pool's next job may find an engine waiting on it.
                    if (service.Spec.Cache is { } pool && service.Container.Volumes.Any(v => v.IsCache)) warm?.Returned(pool);
                }
                // A taken warm engine's network was the step's (also when adopted after a restart); the job's own goes with the job.
                foreach (var network in running.Where(r => r != later).Select(r => r.Container.Network).OfType<string>().Distinct().Where(n => n != step.Network.Name))
                    await RemoveNetworkAsync(network, step.Log.Write);
                if (later is not null)
                {
                    // Nothing of the job needs its engine any more: it goes, with its network, after the job ends.
                    step.Log.Write($"service {later.Spec.Name}: the warm engine is removed once the job has ended, its layer cache kept");
                    warm!.RemoveAfterJob(later, log => services.StopAsync(later, log));
                }
            }
        }
    }

    /// <summary>What to do with a step, from what is on disk and, when the disk leaves it open, what the engine has.</summary>
    public async Task<StepAdoptionDecision> DecideAsync(string stepName, string containerName, StepProgress progress, TimeSpan timeout, CancellationToken ct)
    {
        var recorded = progress.RecordedExit(stepName);
        var container = recorded is null ? await engine.FindAsync(containerName, ct) : null;
        return StepAdoption.Decide(recorded, progress.WasStarted(stepName), container, timeout, clock.GetUtcNow());
    }

    /// <summary>
    /// The decision again by the clock as it is now, for an adopted container: the time its
    /// services took to come back counts against a running step's limit, which runs from its start.
    /// </summary>
    private StepAdoptionDecision AsOfNow(StepAdoptionDecision decision, StepContext step) => decision.Container is null ? decision
        : StepAdoption.Decide(recordedExit: null, wasStarted: true, decision.Container, step.Timeout, clock.GetUtcNow());

    private async Task<RunningService> StartServiceAsync(StepContext step, ServiceSpec service, bool adopt)
    {
        var found = await services.FindAsync(service, step.Log.Write, step.Cancel);
        if (found is not null && !adopt)
        {
            // Left by a daemon that died before its step started: start afresh.
            await services.StopAsync(found, step.Log.Write);
            found = null;
        }
        var running = found ?? await services.StartAsync(service, step.Log.Write, step.Cancel);
        // Users' services get the engine's bound too, so a hung one cannot hold a job forever.
        var ready = await services.WaitReadyAsync(running, engineSettings.ReadyTimeout, step.Log.Write, step.Cancel);
        if (service.Readiness == ServiceReadiness.DockerApi && found is null)
        {
            step.Timer.Add($"{step.Name}_engine_ready", ready);
            // On a layer cache the engine may hold what an earlier job made, or left when it was killed: empty it first.
            if (running.Container.Volumes.Any(v => v.IsCache))
                await engine.EmptyEngineAsync(await services.AddressAsync(running, step.Cancel), step.Log.Write, step.Cancel);
            await PreloadAsync(running, step);
        }
        return running;
    }

    /// <summary>The step's engine from <see cref="WarmEngines"/>, when its pool has one waiting; null: it starts its own.</summary>
    private async Task<RunningService?> TakeWarmEngineAsync(StepContext step)
    {
        if (warm is null || step.Services.FirstOrDefault(s => s.Readiness == ServiceReadiness.DockerApi) is not { Cache: not null } spec) return null;
        // A daemon that died before its step started may have left an engine under the name the warm one takes.
        if (await services.FindAsync(spec, step.Log.Write, step.Cancel) is { } stale) await services.StopAsync(stale, step.Log.Write);
        return await warm.TakeAsync(spec, step.Log.Write, step.Cancel);
    }

    /// <summary>
    /// A warm engine was emptied and preloaded before it waited, and nothing reached it while it waited: it only has to
    /// answer. Its wait is all of it, from asking to its answer, the hand-over included.
    /// </summary>
    private async Task ReadyWarmEngineAsync(StepContext step, RunningService taken, long asked)
    {
        await services.WaitReadyAsync(taken, engineSettings.ReadyTimeout, step.Log.Write, step.Cancel);
        step.Timer.Add($"{step.Name}_engine_ready", clock.GetElapsedTime(asked));
        await PreloadAsync(taken, step);
    }

    private async Task RemoveNetworkAsync(string network, Action<string> log)
    {
        var report = await engine.RemoveNetworkAsync(network);
        if (!report.Complete) log($"{report.DescribeLeft()}; the next start's sweep tries again");
    }

    private static StepContext OnNetwork(StepContext step, string network) => step with
    {
        Container = step.Container with { Network = network },
        Services = [.. step.Services.Select(s => s with { Container = s.Container with { Network = network } })],
    };

    /// <summary>What a finished step may have left: its container and its services, by name.</summary>
    private async Task RemoveStepAsync(StepContext step)
    {
        await engine.RemoveAsync(step.Container.Name);
        foreach (var service in step.Services) await engine.RemoveAsync(service.Container.Name, service.Container.Volumes);
    }

    private async Task PreloadAsync(RunningService engineService, StepContext step)
    {
        if (engineSettings.Preload.Count == 0) return;
        await engine.PreloadAsync(await services.AddressAsync(engineService, step.Cancel), engineSettings.Preload, step.Log.Write, step.Cancel);
    }
}
