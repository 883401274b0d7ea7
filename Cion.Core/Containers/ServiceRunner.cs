namespace Cion.Core.Containers;

/// <summary>
/// Starts services beside a step, waits until they answer, and removes them.
/// Contract: <see cref="StartAsync"/> leaves nothing behind when it throws; a started service is
/// removed by <see cref="StopAsync"/>, which is safe to call whatever state the service is in.
/// </summary>
/// <param name="cache">Leases layer-cache volumes to engines that have a pool; null: every engine on its own volume.</param>
public sealed class ServiceRunner(IContainerEngine engine, PrivilegeFallback privileges, TimeProvider clock, CacheLeases? cache = null)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <exception cref="ServiceFailedException">The container could not be started (a missing program, a bad entrypoint).</exception>
    public async Task<RunningService> StartAsync(ServiceSpec spec, Action<string> log, CancellationToken ct)
    {
        var image = await engine.EnsureImageAsync(spec.Container.Image, log, ct);
        // The engine's command line goes where the image's entrypoint lets it reach dockerd.
        var launch = spec.Readiness == ServiceReadiness.DockerApi ? EngineLaunch.For(image, spec.Container.Cmd ?? []) : null;
        var container = (launch?.ApplyTo(spec.Container) ?? spec.Container) with { Privilege = privileges.For(spec.WantsPrivilege) };
        // Held until the container exists: it is the lease on its cache volume.
        using var lease = cache is null ? null : await cache.LeaseAsync(spec, container, log, ct);
        container = lease?.Container ?? container;
        string id;
        try
        {
            try
            {
                id = await engine.StartDetachedAsync(container, ct);
            }
            catch (EngineRefusedException e) when (container.Privilege == ContainerPrivilege.Privileged && privileges.MayFallBack && PrivilegeFallback.IsRefusal(e))
            {
                privileges.FallBack(e.Reply);
                container = container with { Privilege = ContainerPrivilege.Capabilities };
                id = await engine.StartDetachedAsync(container, ct);
            }
        }
        catch (EngineRefusedException e)
        {
            // The image cannot run what it was given: the job's or the server's config, not a fault in cion.
            throw new ServiceFailedException(spec.Name, $"could not be started: {e.Reason}", "", AdviceFor(spec, container, launch));
        }
        log($"service {spec.Name}: started {container.Name} from {container.Image}{How(spec, container)}");
        if (launch is not null) log($"service {spec.Name}: runs {launch.Describe()}");
        return new RunningService(spec, container, id, launch);
    }

    /// <summary>A service an earlier daemon started for this step, found by its container name; null if it is gone.</summary>
    public async Task<RunningService?> FindAsync(ServiceSpec spec, Action<string> log, CancellationToken ct)
    {
        if (await engine.FindAsync(spec.Container.Name, ct) is not { } state) return null;
        log($"service {spec.Name}: adopted {spec.Container.Name}, left by the daemon before");
        // As it was made, and on the network it is on: a warm engine's own, when the job took one.
        return new RunningService(spec, AsFound(spec, state) with { Network = state.Addresses.FirstOrDefault().Key ?? spec.Container.Network }, state.Id);
    }

    /// <summary>
    /// The service's container as the daemon before made it. An engine's data root may be a cache
    /// volume it leased then, which only the engine still knows (the spec names the job's own volume):
    /// taken from the mounts, so the volume is given back as a cache, recorded and kept, not removed as the job's.
    /// </summary>
    private static ContainerSpec AsFound(ServiceSpec spec, ContainerStatus found) =>
        spec.Cache is { } pool && (found.VolumeNames ?? []).FirstOrDefault(name => pool.TrySlot(name, out _)) is { } leased
            ? pool.WithDataRoot(spec.Container, leased)
            : spec.Container;

    /// <summary>Waits until the service answers; throws <see cref="ServiceFailedException"/> if it exits or the time runs out.</summary>
    /// <returns>How long it took.</returns>
    public async Task<TimeSpan> WaitReadyAsync(RunningService service, TimeSpan timeout, Action<string> log, CancellationToken ct)
    {
        var start = clock.GetTimestamp();
        while (true)
        {
            var state = await engine.FindAsync(service.ContainerId, ct);
            if (state is not { Running: true })
                throw await FailedAsync(service, state is null ? "was removed before it was ready" : $"exited with code {state.ExitCode} before it was ready", ct);
            if (await ReadinessProbe.AnswersAsync(engine, service.Spec, state.AddressOn(service.Container.Network), ct))
            {
                var took = clock.GetElapsedTime(start);
                log($"service {service.Spec.Name}: ready after {took.TotalSeconds:0.00} s");
                return took;
            }
            if (clock.GetElapsedTime(start) > timeout)
                throw await FailedAsync(service, $"did not answer within {timeout.TotalSeconds:0} s", ct);
            await Task.Delay(PollInterval, clock, ct);
        }
    }

    /// <summary>Removes the service and its storage, looking first at how it ended; bounded by one cleanup deadline, never throws for the engine's refusal or silence.</summary>
    public async Task StopAsync(RunningService service, Action<string> log)
    {
        using var deadline = engine.StartCleanup();
        var how = "state unknown";
        try
        {
            var state = await engine.FindAsync(service.ContainerId, deadline.Token);
            how = state is null ? "was already gone"
                : state.Running ? "stopped while running" : $"had exited with code {state.ExitCode}";
        }
        catch (Exception e) when (e is EngineRefusedException || (e is OperationCanceledException && deadline.IsCancellationRequested))
        {
            // Nothing to describe; the removal below says what it could not do.
        }
        var report = await engine.RemoveAsync(service.Container.Name, service.Container.Volumes, deadline);
        log(report.Complete
            ? $"service {service.Spec.Name}: removed ({how})" + Storage(service.Container.Volumes)
            : $"service {service.Spec.Name}: {report.DescribeLeft()}; the job's cleanup tries again");
        if (report.Complete && cache is not null) await cache.ReturnedAsync(service.Container.Volumes, log);
    }

    /// <summary>The service's address on the job network, where the daemon's host reaches it.</summary>
    /// <exception cref="ServiceFailedException">Its container is gone.</exception>
    public async Task<string> AddressAsync(RunningService service, CancellationToken ct) =>
        (await engine.FindAsync(service.ContainerId, ct) ?? throw new ServiceFailedException(service.Spec.Name, "is gone", ""))
            .AddressOn(service.Container.Network);

    private async Task<ServiceFailedException> FailedAsync(RunningService service, string reason, CancellationToken ct)
    {
        string output;
        try { output = await engine.ReadLogsAsync(service.ContainerId, ct); }
        catch (EngineRefusedException e) { output = $"(its log could not be read: {e.Message})"; }
        return new ServiceFailedException(service.Spec.Name, reason, output, AdviceFor(service.Spec, service.Container, service.Launch));
    }

    /// <summary>For cion.log: the container's privileges, and for a rootless engine that the dockerd the build drives has none of them.</summary>
    private static string How(ServiceSpec spec, ContainerSpec container)
    {
        var privilege = container.Privilege.ToString().ToLowerInvariant();
        if (spec.Engine == EngineKind.Rootless) return $" (rootless engine, in a {privilege} container)";
        return container.Privilege == ContainerPrivilege.Default ? "" : $" ({privilege})";
    }

    private static string AdviceFor(ServiceSpec spec, ContainerSpec container, EngineLaunch? launch) =>
        launch is null ? "" : EngineLaunch.Advice(container.Image, launch.Argv, spec.Engine ?? EngineKind.Root);

    private static string Storage(IReadOnlyList<NamedVolume> volumes) =>
        volumes.FirstOrDefault(v => v.IsCache) is { } cache ? $", its layer cache {cache.Name} kept"
        : volumes.Count > 0 ? ", with its storage" : "";
}
