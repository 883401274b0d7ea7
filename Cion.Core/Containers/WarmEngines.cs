using Microsoft.Extensions.Logging;

namespace Cion.Core.Containers;

/// <summary>
/// Engines started while no one waits (<c>dind.warm</c>): after a repository's engine is given back, and at daemon
/// start for the repositories that built last, an engine is started on a free cache volume of that pool, emptied,
/// preloaded, and kept for <c>dind.warm.idle</c>. A job of that pool takes it at once; a job that finds none starts
/// one as before. A warm engine serves one job, then is removed like any job's engine; its volume stays.
/// </summary>
/// <remarks>
/// What waits is known only here: after a crash the start-up sweep removes every warm engine no claimed job took
/// (<see cref="IContainerEngine.RemoveLeftoversAsync"/>), so nothing on disk can go stale. Thread-safe.
/// </remarks>
public sealed class WarmEngines(IContainerEngine engine, ServiceRunner services, EngineSettings settings, TimeProvider clock, ILogger<WarmEngines> logger)
{
    /// <summary>One place: an engine starting or waiting, until a job takes it or it is retired.</summary>
    private sealed class Place(CachePool pool, DateTimeOffset since)
    {
        public CachePool Pool { get; } = pool;
        public DateTimeOffset Since { get; set; } = since;
        public Task<RunningService?> Ready { get; set; } = Task.FromResult<RunningService?>(null);
        public bool Taken { get; set; }
        public CancellationTokenSource Idle { get; } = new();
    }

    private readonly Lock _lock = new();
    private readonly List<Place> _places = [];
    private readonly List<Task> _removals = [];
    private volatile bool _closing;
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Engines waiting or starting now.</summary>
    public int Count
    {
        get { lock (_lock) return _places.Count; }
    }

    /// <summary>
    /// The warm engine of <paramref name="spec"/>'s pool, given to the job under its engine's name, or null when there is
    /// none. It stays on its own network, where it is <c>docker</c> already: the step and its services join it there
    /// (<see cref="RunningService.Container"/>'s network), so taking it costs no network change. One still starting is
    /// waited for: it is further along than a new one would be, and it holds the pool's warmest volume.
    /// </summary>
    public async Task<RunningService?> TakeAsync(ServiceSpec spec, Action<string> log, CancellationToken ct)
    {
        if (spec.Cache is not { } pool || spec.Readiness != ServiceReadiness.DockerApi) return null;
        Place? place;
        lock (_lock)
        {
            place = _places.FirstOrDefault(p => p.Pool == pool && !p.Taken);
            if (place is null) return null;
            place.Taken = true;
        }
        RunningService? warm;
        try
        {
            warm = await place.Ready.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            lock (_lock) place.Taken = false; // left for the next job of the pool
            throw;
        }
        lock (_lock) _places.Remove(place);
        await place.Idle.CancelAsync();
        if (warm is null) return null;
        try
        {
            await engine.RenameAsync(warm.ContainerId, spec.Container.Name, ct);
        }
        catch (EngineRefusedException e)
        {
            log($"service {spec.Name}: the warm engine {warm.Container.Name} could not be renamed ({e.Reason}): starting one");
            await RetireAsync(warm, "its hand-over failed");
            return null;
        }
        log($"service {spec.Name}: took the warm engine {warm.Container.Name}, waiting since {place.Since:HH:mm:ss}, on layer cache {CacheOf(warm)}");
        return new RunningService(spec, warm.Container with { Name = spec.Container.Name }, warm.ContainerId, warm.Launch, Warm: true);
    }

    /// <summary>
    /// Removes a taken engine whose job needs it no more, after the job's end rather than before: its container
    /// (with <paramref name="stop"/>, which gives its volume back), then its network; then the pool may warm another.
    /// Returns at once. A crash before it is done leaves it to the start-up sweep (its job is no longer claimed).
    /// </summary>
    public void RemoveAfterJob(RunningService taken, Func<Action<string>, Task> stop)
    {
        var removal = Task.Run(async () =>
        {
            void Log(string line) => logger.LogDebug("{Name}: {Line}", taken.Container.Name, line);
            try
            {
                await stop(Log);
                if (taken.Spec.Cache is { } pool) Returned(pool);
                var report = await engine.RemoveNetworkAsync(taken.Container.Network!);
                if (!report.Complete) logger.LogWarning("{Name}: {Left}; the next start's sweep tries again", taken.Container.Name, report.DescribeLeft());
            }
            catch (Exception e)
            {
                logger.LogWarning("{Name}: not removed after its job ({Reason}); the next start's sweep removes it", taken.Container.Name, e.Message);
            }
        });
        lock (_lock)
        {
            _removals.RemoveAll(t => t.IsCompleted);
            _removals.Add(removal);
        }
    }

    /// <summary>A job's engine on <paramref name="pool"/> was given back: start one for its next job, if the plan says so. Returns at once.</summary>
    public void Returned(CachePool pool)
    {
        if (settings.WarmMax <= 0 || _closing) return;
        Place place;
        Place? retire;
        lock (_lock)
        {
            var decision = WarmPlan.Decide([.. _places.Where(p => !p.Taken).Select(Slot)], pool, settings.WarmMax);
            if (!decision.Start) return;
            retire = decision.Retire is { } slot ? _places.First(p => !p.Taken && Slot(p) == slot) : null;
            if (retire is not null) _places.Remove(retire);
            place = new Place(pool, clock.GetUtcNow());
            _places.Add(place);
            place.Ready = WarmAsync(place);
        }
        if (retire is not null) _ = RetireAsync(retire, "another repository built more recently");
    }

    /// <summary>At daemon start: one engine each for the pools whose volumes were given back last, up to <c>dind.warm.max</c>.</summary>
    public async Task WarmRecentAsync(CancellationToken ct)
    {
        if (settings.WarmMax <= 0) return;
        IReadOnlyList<CacheVolume> volumes;
        try
        {
            volumes = await engine.CacheVolumesAsync(repo: null, sizes: false, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("warm engines: cannot list the layer caches ({Reason}); none is started now", e.Message);
            return;
        }
        var uses = new CacheUseRecord(settings.CacheOwner);
        var recent = volumes
            .Select(v => (v.Name, Pool: CachePool.Of(v, settings.CacheOwner))).Where(v => v.Pool is not null)
            .GroupBy(v => v.Pool!)
            .Select(g => (Pool: g.Key, Last: g.Max(v => uses.LastUsed(v.Name) ?? DateTimeOffset.MinValue)))
            .OrderByDescending(p => p.Last).Take(settings.WarmMax).Reverse(); // the most recent last: it then waits longest
        foreach (var (pool, _) in recent) Returned(pool);
    }

    /// <summary>At daemon stop: no engine is started any more, and every one waiting is removed (the sweep would, at the next start).</summary>
    public async Task StopAsync()
    {
        // Taken engines being removed after their jobs first: each may still give its volume back.
        _closing = true;
        Task[] removals;
        lock (_lock) removals = [.. _removals];
        await Task.WhenAll(removals);
        await _stopping.CancelAsync();
        List<Place> places;
        lock (_lock)
        {
            places = [.. _places.Where(p => !p.Taken)];
            _places.RemoveAll(places.Contains);
        }
        foreach (var place in places)
        {
            await place.Idle.CancelAsync();
            if (await place.Ready is { } warm) await RetireAsync(warm, "the daemon stops");
        }
    }

    private static WarmSlot Slot(Place place) => new(place.Pool, place.Ready.IsCompletedSuccessfully && place.Ready.Result is not null, place.Since);

    /// <summary>Starts, empties and preloads one engine; null (and nothing left) when it cannot, which the daemon's log says.</summary>
    private async Task<RunningService?> WarmAsync(Place place)
    {
        await Task.Yield(); // never inside the caller's lock
        var pool = place.Pool;
        var name = $"cion-warm-{Guid.NewGuid():N}"[..22];
        var spec = ContainerSpecBuilder.ForWarmEngine(pool, settings, name);
        var ct = _stopping.Token;
        RunningService? running = null;
        void Log(string line) => logger.LogDebug("warm engine for {Repo}: {Line}", pool.Repo, line);
        try
        {
            // Only on a volume the pool has used: an engine on a new, empty one would hold the next job to no layers
            // while the pool's warm volume is given back.
            if (!(await engine.CacheVolumesAsync(pool.Repo, sizes: false, ct)).Any(v => !v.InUse && pool.TrySlot(v.Name, out _)))
            {
                lock (_lock) _places.Remove(place);
                Log("no free layer cache: none started");
                return null;
            }
            // Not cancelled by the stop: an abandoned request may still make the network after the removal below.
            await engine.CreateNetworkAsync(name, spec.Container.Labels, CancellationToken.None);
            running = await services.StartAsync(spec, Log, ct);
            if (!running.Container.Volumes.Any(v => v.IsCache))
                throw new ServiceFailedException(spec.Name, $"has no free layer cache of {pool.Repo}", "");
            var ready = await services.WaitReadyAsync(running, settings.ReadyTimeout, Log, ct);
            var address = await services.AddressAsync(running, ct);
            await engine.EmptyEngineAsync(address, Log, ct);
            if (settings.Preload.Count > 0) await engine.PreloadAsync(address, settings.Preload, Log, ct);
            lock (_lock) place.Since = clock.GetUtcNow();
            logger.LogInformation("warm engine {Name} for {Repo} on layer cache {Volume}: ready after {Seconds:0.00} s, waits up to {Idle}",
                name, pool.Repo, CacheOf(running), ready.TotalSeconds, settings.WarmIdle);
            _ = ExpireAsync(place, running);
            return running;
        }
        catch (Exception e)
        {
            lock (_lock) _places.Remove(place);
            if (e is not OperationCanceledException || !ct.IsCancellationRequested)
                logger.LogWarning("warm engine for {Repo}: not started ({Reason}); its next job starts its own", pool.Repo, e.Message);
            if (running is not null) await RetireAsync(running, ct.IsCancellationRequested ? "the daemon stops" : "it could not be made ready");
            else await engine.RemoveNetworkAsync(name);
            return null;
        }
    }

    /// <summary>Removes the engine once it has waited <c>dind.warm.idle</c>, unless a job took it first.</summary>
    private async Task ExpireAsync(Place place, RunningService warm)
    {
        try { await Task.Delay(settings.WarmIdle, clock, place.Idle.Token); }
        catch (OperationCanceledException) { return; }
        lock (_lock)
        {
            if (place.Taken || !_places.Remove(place)) return;
        }
        await RetireAsync(warm, $"no job came within {settings.WarmIdle}");
    }

    private async Task RetireAsync(Place place, string why)
    {
        await place.Idle.CancelAsync();
        if (await place.Ready is { } warm) await RetireAsync(warm, why);
    }

    /// <summary>Removes a warm engine and its network; its cache volume stays, as any job's does.</summary>
    private async Task RetireAsync(RunningService warm, string why)
    {
        var report = (await engine.RemoveAsync(warm.ContainerId, warm.Container.Volumes)).And(await engine.RemoveNetworkAsync(warm.Spec.Container.Network!));
        if (report.Complete) logger.LogInformation("warm engine {Name} removed: {Why}", warm.Spec.Container.Name, why);
        else logger.LogWarning("warm engine {Name}: {Left}; the next start's sweep tries again", warm.Spec.Container.Name, report.DescribeLeft());
    }

    private static string CacheOf(RunningService warm) => warm.Container.Volumes.FirstOrDefault(v => v.IsCache)?.Name ?? "(none)";
}
