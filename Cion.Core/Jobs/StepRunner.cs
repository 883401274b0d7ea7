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
public sealed class StepRunner(IContainerEngine engine, ServiceRunner services, EngineSettings engineSettings, Config.ServerConfig server, TimeProvider clock)
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
        if (step.Services.Count > 0) await step.Network.EnsureAsync(step.Log.Write, step.Cancel);
        var running = new List<RunningService>();
        var detached = false;
        try
        {
            foreach (var service in step.Services)
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
                foreach (var service in running) await services.StopAsync(service, step.Log.Write);
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
