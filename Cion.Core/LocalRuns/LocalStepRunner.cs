using Cion.Core.Containers;
using Cion.Core.Jobs;
using Cion.Core.Secrets;

namespace Cion.Core.LocalRuns;

/// <summary>
/// Runs one step of a local run: its services up and ready, its container to its end with the output streamed to the
/// terminal as it comes (secrets masked), then everything it started removed, also when it fails or is cancelled.
/// Unlike the daemon's <see cref="StepRunner"/> it adopts nothing and writes no progress: a local run has no restart.
/// </summary>
/// <param name="say">cion's own lines (what starts, what is removed).</param>
/// <param name="openOutput">Where the container's output goes; the stream is disposed after the step.</param>
public sealed class LocalStepRunner(IContainerEngine engine, ServiceRunner services, EngineSettings settings, JobNetwork network,
    SecretMask mask, Action<string> say, Func<Stream> openOutput)
{
    /// <returns>The container's exit code.</returns>
    /// <exception cref="StepTimedOutException">It ran past its time limit; its container is gone.</exception>
    public async Task<int> RunAsync(LocalStep step, CancellationToken ct)
    {
        await engine.EnsureImageAsync(step.Container.Image, say, ct);
        var running = new List<RunningService>();
        try
        {
            if (step.Services.Count > 0) await network.EnsureAsync(say, ct);
            foreach (var service in step.Services) await StartServiceAsync(service, running, ct);
            return await RunContainerAsync(step, ct);
        }
        finally
        {
            foreach (var service in running) await services.StopAsync(service, say);
        }
    }

    private async Task StartServiceAsync(ServiceSpec service, List<RunningService> running, CancellationToken ct)
    {
        var started = await services.StartAsync(service, say, ct);
        running.Add(started); // before waiting: one that never answers is removed too
        await services.WaitReadyAsync(started, settings.ReadyTimeout, say, ct);
        if (service.Readiness == ServiceReadiness.DockerApi && settings.Preload.Count > 0)
            await engine.PreloadAsync(await services.AddressAsync(started, ct), settings.Preload, say, ct);
    }

    private async Task<int> RunContainerAsync(LocalStep step, CancellationToken ct)
    {
        say($"{step.Name}: starting container {step.Container.Name} from {step.Container.Image} (timeout {Config.Duration.Format(step.Timeout)})");
        var id = await engine.StartDetachedAsync(step.Container, ct);
        try
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timer.CancelAfter(step.Timeout);
            await using var output = new MaskingStream(openOutput(), mask);
            try
            {
                var exit = (int)await engine.FollowToEndAsync(id, output, 0, timer.Token);
                say($"{step.Name}: exited {exit}");
                return exit;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new StepTimedOutException(step.Name, step.Timeout);
            }
        }
        finally
        {
            var report = await engine.RemoveAsync(id);
            if (!report.Complete) say(report.DescribeLeft());
        }
    }
}
