using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Jobs;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Swarm;

/// <summary>
/// <c>runner: swarm</c>: each job's place is a one-shot runner service that Swarm puts on a node by the
/// site's constraints; ciond never picks the node (<see cref="RunnerPlacing"/>).
/// </summary>
public sealed class SwarmJobHosts(ServerConfig config, ISwarmManager manager, StateLayout layout, SwarmEngineFactory engines,
    TimeProvider clock, ILogger<SwarmJobHosts> logger) : IJobHosts
{
    /// <summary>How often a job placed on a node asks the manager whether its runner has started.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The watch on every running job's node: one reading of the manager every <see cref="WatchInterval"/> for all
    /// of them. A reading that takes longer than <see cref="WatchReadTimeout"/> is given up, and the next one tried.
    /// </summary>
    private readonly SharedPoll<IReadOnlyDictionary<string, RunnerTask>> _watch = new(manager.RunnerTasksAsync, WatchInterval, WatchReadTimeout, clock);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WatchReadTimeout = TimeSpan.FromSeconds(10);

    public bool RetriesLost => config.Swarm.RetryLost;

    /// <summary>
    /// How many times a job is placed in all, when its runner ends before the job could run anything through it: its port
    /// held by another program on its node, or its container not started (an engine under load refuses one now and then).
    /// </summary>
    private const int PlaceTries = 3;
    /// <summary>How long a port found held by another program is left out of every job's choice.</summary>
    private static readonly TimeSpan HeldPortMemory = TimeSpan.FromMinutes(10);
    /// <summary>
    /// How long the port of a runner this daemon removed rests: the runner goes on stopping after its service is gone
    /// (it removes its job's things on its node, up to its 30 s grace period), listening all the while, and a new job's
    /// runner on that port and node would find it taken, or ciond would reach the old one.
    /// </summary>
    private static readonly TimeSpan ReleasedPortRest = TimeSpan.FromMinutes(1);
    private readonly RunnerPlacing _placing = new(config.Swarm, manager, clock);
    /// <summary>Each placed job's runner port, until the job leaves its node.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _portOf = new();

    public async Task<JobHost> EnterAsync(Job job, RunLog log, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + config.Swarm.PlaceTimeout;
        for (var attempt = 1; ; attempt++)
        {
            var made = new PlacingAttempt();
            try
            {
                return await EnterOnceAsync(job, log, deadline, made, ct);
            }
            // Only a runner this attempt made: one re-attached to may have run steps of the job already.
            catch (JobHostException) when (attempt < PlaceTries && made.Created)
            {
                if (await manager.RunnerTaskAsync(job.Id.Value, ct) is not { Phase: RunnerPhase.Ended, NodeDown: null } task) throw;
                if (task is { ExitCode: RunnerExit.PortTaken, Port: { } port })
                {
                    // ciond keeps cion's runners off one another's ports; a port something else holds is found only here.
                    _placing.Resting.Rest(port, clock.GetUtcNow() + HeldPortMemory);
                    log.Write($"port {port} is held by another program on node {task.NodeText}: asking Swarm again, on another port");
                    logger.LogWarning("job {JobId}: port {Port} is held by another program on node {Node}; ports so held are skipped for {Minutes} min",
                        job.Id, port, task.NodeText, HeldPortMemory.TotalMinutes);
                }
                else
                {
                    log.Write($"the job's runner ended on node {task.NodeText} before the job ran anything there: {task.State}{Said(task)}; " +
                        $"asking Swarm again (try {attempt + 1} of {PlaceTries})");
                    logger.LogWarning("job {JobId}: its runner ended on node {Node} before it ran anything: {State} {Message}; placing it again",
                        job.Id, task.NodeText, task.State, task.Message);
                }
                await RemoveRunnerAsync(job.Id.Value, task.Port);
            }
        }
    }

    /// <summary>What one placing attempt did: whether it made the runner it waits on, rather than re-attaching to one.</summary>
    private sealed class PlacingAttempt
    {
        public bool Created { get; set; }
    }

    private async Task<JobHost> EnterOnceAsync(Job job, RunLog log, DateTimeOffset deadline, PlacingAttempt attempt, CancellationToken ct)
    {
        var id = job.Id.Value;
        var root = layout.WorkRoot(job.Id);
        Directory.CreateDirectory(root);
        var keysFile = Path.Combine(root, "runner.keys");
        // A new job's keys are made while the manager is asked about an earlier runner: each takes some ms.
        var fresh = File.Exists(keysFile) ? null : Task.Run(() => RunnerKeys.Generate(id, clock.GetUtcNow()));
        RunnerTask? task;
        try { task = await manager.RunnerTaskAsync(id, ct); }
        catch
        {
            if (fresh is not null) DisposeBoth(await fresh);
            throw;
        }
        RunnerKeys? keys = null;
        RunnerTask placed;
        try
        {
            if (task is { Phase: not RunnerPhase.Ended } && fresh is null)
            {
                keys = RunnerKeys.Load(keysFile);
                log.Write($"re-attaching to the job's runner on node {task.NodeText}");
            }
            else
            {
                (var runner, keys) = fresh is null ? RunnerKeys.Generate(id, clock.GetUtcNow()) : await fresh;
                using (runner)
                {
                    // An earlier attempt's runner without its keys (they went with its checkout) is of no use.
                    if (task is not null) await RemoveRunnerAsync(id, task.Port);
                    attempt.Created = true;
                    keys.Save(keysFile);
                    task = await _placing.PlaceAsync(job, runner, deadline, log, ct);
                }
            }
            placed = await WaitPlacedAsync(job, task, deadline, ct);
        }
        catch
        {
            keys?.Dispose();
            throw;
        }
        _portOf[id] = placed.Port!.Value;
        log.Write($"Swarm put the runner on node {placed.NodeText}");
        // The job's volumes are filled side by side: RunLog keeps their lines apart.
        var host = await SwarmJobHost.ConnectAsync(job, placed, keys, SocketPath(job), manager, _watch, engines, clock,
            lookAgain => StartedAsync(job, deadline, lookAgain), log.Write, ct);
        log.Write($"runs on node {placed.NodeText} ({placed.NodeAddress}:{placed.Port})");
        return host;
    }

    public async Task LeaveAsync(Job job, JobHost host, RunLog log)
    {
        await host.DisposeAsync();
        // Removing the service stops the runner, which removes whatever of the job is still on its node.
        if (await RemoveRunnerAsync(job.Id.Value, _portOf.TryGetValue(job.Id.Value, out var port) ? port : null) is { } left)
        {
            log.Write($"cleanup incomplete: {left}; ciond removes it when it next starts");
            logger.LogWarning("cleanup of job {JobId} incomplete: {Left}", job.Id, left);
        }
    }

    public async Task SweepAsync(Func<IReadOnlySet<string>> liveJobIds, CancellationToken ct)
    {
        var runners = await manager.RunnerJobsAsync(ct);
        var live = liveJobIds();
        foreach (var job in runners.Where(j => !live.Contains(j)))
        {
            var left = await manager.RemoveRunnerAsync(job);
            if (left is null) logger.LogWarning("removed the Swarm runner of job {JobId}, which no daemon holds", job);
            else logger.LogWarning("could not remove the Swarm runner of job {JobId}: {Left}", job, left);
        }
    }

    /// <summary>Removes the job's runner service, and rests its port (<see cref="ReleasedPortRest"/>).</summary>
    private async Task<string?> RemoveRunnerAsync(string jobId, int? port)
    {
        _portOf.TryRemove(jobId, out _);
        if (port is { } released) _placing.Resting.Rest(released, clock.GetUtcNow() + ReleasedPortRest);
        return await manager.RemoveRunnerAsync(jobId);
    }

    /// <summary>
    /// Waits until Swarm has put the runner on a node, which says where it will listen. Its process may not have started
    /// yet: the link tries it from here on (<see cref="StartedAsync"/>), which is sooner than Swarm's word that it runs.
    /// </summary>
    /// <param name="last">What Swarm said last, if it was just asked.</param>
    private async Task<RunnerTask> WaitPlacedAsync(Job job, RunnerTask? last, DateTimeOffset deadline, CancellationToken ct)
    {
        // Read at least once, even past the deadline (placing may have used it all): the error says what Swarm said last.
        var task = last ?? await manager.RunnerTaskAsync(job.Id.Value, ct);
        while (true)
        {
            if (task is { Phase: not RunnerPhase.Ended, NodeAddress: not null, Port: not null }) return task;
            if (NotStartingError(task, deadline) is { } error) throw error;
            await Task.Delay(Poll, clock, ct);
            task = await manager.RunnerTaskAsync(job.Id.Value, ct);
        }
    }

    /// <summary>Whether the job's placed runner runs yet; throws when it never will (ended, removed, its node gone, past the deadline).</summary>
    private async Task<bool> StartedAsync(Job job, DateTimeOffset deadline, CancellationToken ct)
    {
        var task = await manager.RunnerTaskAsync(job.Id.Value, ct);
        if (task is { Phase: RunnerPhase.Running }) return true;
        if (NotStartingError(task, deadline) is { } error) throw error;
        return false;
    }

    /// <summary>Why a runner that does not run yet never will, or null while it may.</summary>
    private JobHostException? NotStartingError(RunnerTask? task, DateTimeOffset deadline) => task switch
    {
        null => new JobHostException("the job's Swarm runner service was removed before it started"),
        // Swarm ends a task on a lost node only after its heartbeat, and says why a drained one ended only on the node.
        { Phase: not RunnerPhase.Running, NodeDown: { } down } => new JobHostException($"node {task.NodeText} {down} before the job's runner started there")
        {
            Lost = true, Node = task.NodeName,
        },
        { Phase: RunnerPhase.Ended, ExitCode: RunnerExit.PortTaken } => new JobHostException(
            $"the job's runner could not listen on port {task.Port} on node {task.NodeText}: another program holds it there")
        {
            Node = task.NodeName,
        },
        { Phase: RunnerPhase.Ended } => new JobHostException($"the job's runner did not start on node {task.NodeText}: {task.State}" + Said(task))
        {
            Node = task.NodeName,
        },
        // Running without a node's address or the runner's port to reach it by is no better than not running.
        _ when clock.GetUtcNow() >= deadline => new JobHostException(
            $"Swarm started no runner for the job within swarm.place_timeout ({config.Swarm.PlaceTimeout}): " +
            $"{task.State}{Said(task)}; constraints {string.Join(", ", config.Swarm.Constraints)}")
        {
            Node = task.NodeName,
        },
        _ => null,
    };

    /// <summary>
    /// Where the node's engine is served to this daemon's Docker client: a unix socket path may hold 108 bytes, which
    /// a state folder's own path can take up, so a short name in the temp folder, unique to this daemon and job.
    /// </summary>
    private string SocketPath(Job job)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(config.State + "\n" + job.Id.Value)));
        return Path.Combine(Path.GetTempPath(), $"cion-node-{hash[..16]}.sock");
    }

    private static void DisposeBoth((RunnerKeys Runner, RunnerKeys Daemon) keys)
    {
        keys.Runner.Dispose();
        keys.Daemon.Dispose();
    }

    private static string Said(RunnerTask task) => task.Message.Length == 0 ? "" : $" ({task.Message})";
}
