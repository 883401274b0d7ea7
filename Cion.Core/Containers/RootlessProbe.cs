using Cion.Core.Config;
using Cion.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Containers;

/// <summary>
/// Decides, once per daemon, the engine <c>docker: true</c> gets (<see cref="EngineDefault"/>). Only
/// <see cref="EngineProfile.Auto"/> needs a look at the host: the first job that wants an engine starts
/// a rootless one beside its steps, on its own network, and waits for it to answer as a step's would.
/// It answers: rootless from then on. It is refused, exits or never answers: root engines (privileged,
/// or the capabilities profile), which only <c>dind.trusted</c> repositories get. The daemon's log says
/// which, once, with the reason. Thread-safe: jobs that ask meanwhile wait for the one look.
/// </summary>
/// <remarks>
/// The probe's containers carry the job's labels, so the job's cleanup (or the next start's sweep)
/// removes what a crash leaves. An engine that cannot be reached at all, or a job cancelled during the
/// look, decides nothing: the next job looks again.
/// </remarks>
public sealed class RootlessProbe(ServiceRunner services, EngineSettings settings, ServerConfig server, ILogger<RootlessProbe> logger)
{
    /// <summary>The step name of the probe's container: <c>cion-JOBID-rootless-probe-docker</c>.</summary>
    public const string StepName = "rootless-probe";

    private readonly SemaphoreSlim _looking = new(1, 1);
    private EngineDefault? _decided;

    /// <param name="network">The job's network, made if the probe needs it.</param>
    public async Task<EngineDefault> DefaultAsync(Job job, JobNetwork network, Action<string> log, CancellationToken ct)
    {
        if (server.DindProfile != EngineProfile.Auto) return EngineDefault.For(server.DindProfile, server.SourceFile);
        if (_decided is { } decided) return decided;
        await _looking.WaitAsync(ct);
        try
        {
            return _decided ??= Said(EngineDefault.For(EngineProfile.Auto, server.SourceFile, await ProblemAsync(job, network, log, ct)));
        }
        finally
        {
            _looking.Release();
        }
    }

    /// <returns>Why the rootless engine does not work here, or null when it answered.</returns>
    private async Task<string?> ProblemAsync(Job job, JobNetwork network, Action<string> log, CancellationToken ct)
    {
        log($"dind.profile auto: checking once for this daemon whether the rootless engine ({settings.RootlessImage}) works on this host");
        await network.EnsureAsync(log, ct);
        var probe = ContainerSpecBuilder.ForEngine(job, StepName, settings, EngineKind.Rootless);
        RunningService? running = null;
        try
        {
            running = await services.StartAsync(probe, log, ct);
            await services.WaitReadyAsync(running, settings.ReadyTimeout, log, ct);
            return null;
        }
        catch (Exception e) when (e is ServiceFailedException or ImageUnavailableException)
        {
            if (e is ServiceFailedException { ContainerLog.Length: > 0 } failed) log($"the rootless engine's own log said:\n{failed.ContainerLog.TrimEnd()}");
            return e.Message;
        }
        finally
        {
            if (running is not null) await services.StopAsync(running, log);
        }
    }

    private EngineDefault Said(EngineDefault choice)
    {
        if (choice.Kind == EngineKind.Rootless)
            logger.LogInformation("per-job engines are rootless: {Reason}", choice.Reason);
        else
            logger.LogWarning("per-job engines are root engines: {Reason}. Only the repositories of dind.trusted get one ({Trusted}); " +
                "the others' jobs with docker: true end in error. Make the rootless engine work here (README: The job's Docker engine), " +
                "or list in dind.trusted the repositories you trust with root on this host",
                choice.Reason, server.DindTrusted.Count == 0 ? "it names none" : string.Join(", ", server.DindTrusted));
        return choice;
    }
}
