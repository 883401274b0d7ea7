using Cion.Core.Config;
using Cion.Core.ConfigFiles;
using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Core.Git;
using Cion.Core.Jobs;
using Cion.Core.Metrics;
using Cion.Core.Scheduling;
using Cion.Core.Spool;
using Cion.Core.State;
using Cion.Core.Swarm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Cion.Daemon;

/// <summary>Wires the daemon: config, logging, the container engine, Core's parts (the <see cref="JobScheduler"/> among them) and the <see cref="SpoolWorker"/> that hosts it.</summary>
internal static class DaemonHost
{
    public const int BadConfigExit = 2;

    public static async Task<int> RunAsync(string? configOption, bool check, CancellationToken ct)
    {
        ServerConfig config;
        try
        {
            config = ServerConfigFile.Load(ServerConfigFile.ResolvePath(configOption, Environment.GetEnvironmentVariable));
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors) Console.Error.WriteLine($"ciond: config error: {error}");
            return BadConfigExit;
        }
        if (check) return await DaemonCheck.RunAsync(config, Console.Out, ct);
        Log.Logger = DaemonLogging.Create(config);
        try
        {
            using var host = Build(config);
            // From the moment the stop begins, every cleanup still waiting on the engine ends by one shared deadline.
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(host.Services.GetRequiredService<CleanupDeadline>().DaemonStopping);
            await host.RunAsync(ct);
            // A BackgroundService that crashed stops the host without an exception here; the
            // hosting layer reports it through the exit code, which systemd's Restart= needs.
            return Environment.ExitCode;
        }
        catch (Exception e)
        {
            Log.Fatal(e, "ciond stopped on an error");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static IHost Build(ServerConfig config)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSystemd();
        builder.Services.AddSerilog();
        // Running jobs detach at once and their cleanups end within CleanupDeadline's 10 s after
        // the stop; past 25 s ciond exits by itself, before systemd's TimeoutStopSec=30 kills it.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new CleanupDeadline());
        // The host disposes it (and so its connection) when it stops.
        if (config.Runner == RunnerKind.Swarm) AddSwarmRunner(builder.Services, config);
        else
        {
            builder.Services.AddSingleton<IContainerEngine>(sp => DockerEngine.Connect(new Uri(config.Docker), config.State, sp.GetRequiredService<CleanupDeadline>()));
            builder.Services.AddSingleton<IJobHosts, LocalJobHosts>();
        }
        builder.Services.AddSingleton(EngineSettings.From(config));
        builder.Services.AddSingleton(sp => new PrivilegeFallback(config.DindProfile, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<PrivilegeFallback>>()));
        builder.Services.AddSingleton<CacheLeases>();
        builder.Services.AddSingleton<ServiceRunner>();
        builder.Services.AddSingleton<WarmEngines>();
        builder.Services.AddSingleton<RootlessProbe>();
        builder.Services.AddSingleton<StepRunner>();
        builder.Services.AddSingleton(new SpoolLayout(config.Spool));
        builder.Services.AddSingleton<SpoolQueue>();
        builder.Services.AddSingleton(sp => new JobIntake(sp.GetRequiredService<SpoolLayout>(), sp.GetRequiredService<SpoolQueue>(),
            sp.GetRequiredService<FileStateStore>(), config.Repos, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<JobIntake>>(), config));
        builder.Services.AddSingleton<CancelIntake>();
        builder.Services.AddSingleton(new StateLayout(config.State));
        builder.Services.AddSingleton<FileStateStore>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<DeployRunner>();
        builder.Services.AddSingleton<JobWorkspace>();
        builder.Services.AddSingleton<JobFinisher>();
        builder.Services.AddSingleton<Notifier>();
        builder.Services.AddSingleton<ReleaseStep>();
        builder.Services.AddSingleton<ReleaseGate>();
        builder.Services.AddSingleton<DeploymentLedger>();
        builder.Services.AddSingleton<Retention>();
        builder.Services.AddSingleton<ResultNotes>();
        builder.Services.AddSingleton<LeftoverSweep>();
        builder.Services.AddSingleton<AbandonedJobs>();
        builder.Services.AddSingleton<JobCanceller>();
        builder.Services.AddSingleton<JobLauncher>();
        builder.Services.AddSingleton<JobScheduler>();
        builder.Services.AddHostedService<SpoolWorker>();
        builder.Services.AddSingleton<CionMetrics>();
        builder.Services.AddSingleton<MetricsTextFile>();
        builder.Services.AddHostedService<MetricsWorker>();
        return builder.Build();
    }

    /// <summary>
    /// <c>runner: swarm</c>: the <c>docker</c> endpoint is a Swarm manager. Each job runs on the node Swarm gives its
    /// runner, through the node's engine; outside a job (the start's sweep, notifications) calls go to the manager's
    /// engine. Neither can see this host's files, so files reach containers by copy.
    /// </summary>
    private static void AddSwarmRunner(IServiceCollection services, ServerConfig config)
    {
        services.AddSingleton<ISwarmManager>(sp => SwarmManager.Connect(new Uri(config.Docker), config.State, sp.GetRequiredService<CleanupDeadline>()));
        services.AddSingleton<IContainerEngine>(sp => new RoutedEngine(
            DockerEngine.Connect(new Uri(config.Docker), config.State, sp.GetRequiredService<CleanupDeadline>(), copiedMounts: true)));
        services.AddSingleton(sp => new SwarmEngineFactory((socket, open, connector, volumes) =>
            DockerEngine.ConnectThrough(open, socket, config.State, sp.GetRequiredService<CleanupDeadline>(), connector, copiedMounts: true, volumes)));
        services.AddSingleton<IJobHosts, SwarmJobHosts>();
    }
}
