using Cion.Core.Containers;
using Cion.Core.State;

namespace Cion.Core.Jobs;

/// <summary>
/// Runs one step: its services up and ready (the job's Docker engine among them), the step's
/// container to its end with output in the step's log, then the services removed, so the
/// build's engine is gone before the release starts.
/// </summary>
public sealed class StepRunner(DockerRunner docker, ServiceRunner services, EngineSettings engine, TimeProvider clock)
{
    /// <exception cref="StepTimedOutException">The step ran past <paramref name="timeout"/>; its container is gone.</exception>
    public async Task<int> RunAsync(ContainerSpec step, IReadOnlyList<ServiceSpec> plan, JobNetwork network, TimeSpan timeout,
        string logPath, RunLog log, PhaseTimer timer, CancellationToken ct)
    {
        var stepName = step.Labels[Labels.Step];
        await docker.EnsureImageAsync(step.Image, log.Write, ct);
        if (plan.Count > 0) await network.EnsureAsync(log.Write, ct);
        var running = new List<RunningService>();
        try
        {
            foreach (var service in plan)
            {
                running.Add(await services.StartAsync(service, log.Write, ct));
                // Users' services get the engine's bound too, so a hung one cannot hold a job forever.
                var ready = await services.WaitReadyAsync(running[^1], engine.ReadyTimeout, log.Write, ct);
                if (service.Readiness == ServiceReadiness.DockerApi)
                {
                    timer.Add($"{stepName}_engine_ready", ready);
                    await PreloadAsync(running[^1], log, ct);
                }
            }
            return await RunContainerAsync(step, timeout, logPath, log, ct);
        }
        finally
        {
            foreach (var service in running) await services.StopAsync(service, log.Write);
        }
    }

    private async Task<int> RunContainerAsync(ContainerSpec step, TimeSpan timeout, string logPath, RunLog log, CancellationToken ct)
    {
        var stepName = step.Labels[Labels.Step];
        log.Write($"{stepName}: starting container {step.Name} from {step.Image} (timeout {Config.Duration.Format(timeout)})");
        var start = clock.GetTimestamp();
        await using var output = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        int exit;
        try
        {
            exit = (int)await docker.RunAsync(step, output, limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new StepTimedOutException(stepName, timeout);
        }
        log.Write($"{stepName}: exited {exit} after {clock.GetElapsedTime(start).TotalSeconds:0.0} s");
        return exit;
    }

    private async Task PreloadAsync(RunningService engineService, RunLog log, CancellationToken ct)
    {
        if (engine.Preload.Count == 0) return;
        var state = await docker.Client.Containers.InspectContainerAsync(engineService.ContainerId, ct);
        await EnginePreload.CopyAsync(docker.Client, ServiceRunner.AddressOf(state, engineService.Container.Network), engine.Preload, log.Write, ct);
    }
}
