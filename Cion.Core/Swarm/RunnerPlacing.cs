using Cion.Core.Config;
using Cion.Core.Jobs;
using Cion.Core.State;

namespace Cion.Core.Swarm;

/// <summary>
/// Hands a job's runner to Swarm and waits until Swarm has put it on a node. ciond never picks the node: it leaves
/// out the nodes at <c>max_jobs_per_node</c>, and lets a runner go only while the runners not placed yet cannot put
/// a node over it (<see cref="PlacingRoom"/>). Each decision on constraints, and each port choice, is taken under one
/// turn; the waits are not, so runners whose nodes have room are placed side by side.
/// </summary>
internal sealed class RunnerPlacing(SwarmSettings swarm, ISwarmManager manager, TimeProvider clock)
{
    /// <summary>How often placing asks the manager: one reading for every job being placed.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    /// <summary>How often a job waiting for a node looks again at which nodes are full.</summary>
    private static readonly TimeSpan Recount = TimeSpan.FromSeconds(2);
    /// <summary>How long one reading of the manager may take before it is given up, and the next one tried.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    /// <summary>How many ports from <c>swarm.runner_port</c> up the runners may take (<see cref="RunnerPortChoice"/>).</summary>
    public const int RunnerPorts = 1000;

    /// <summary>Held while a runner's constraints are decided and its port chosen, never while Swarm places it.</summary>
    private readonly SemaphoreSlim _turn = new(1, 1);
    /// <summary>Held by the one job that waits for room: the others wait behind it, in turn, without asking the manager.</summary>
    private readonly SemaphoreSlim _queue = new(1, 1);
    private readonly UnplacedRunners _unplaced = new();
    /// <summary>What every placing job waits on: one reading of the manager every <see cref="Poll"/> for all of them.</summary>
    private readonly SharedPoll<IReadOnlyDictionary<string, RunnerTask>> _placing = new(manager.RunnerTasksAsync, Poll, ReadTimeout, clock);

    /// <summary>Ports no new runner gets for a while, though no runner service holds them.</summary>
    public RestingPorts Resting { get; } = new();

    /// <summary>
    /// Creates the job's runner service once letting Swarm place it cannot put a node over its cap, and waits until
    /// Swarm has put it on a node (or given up). Each decision on constraints is taken under the placing turn; the wait
    /// is not, so runners whose nodes have room are placed side by side (<see cref="PlacingRoom"/>).
    /// </summary>
    /// <param name="runner">The runner's half of the keys: the job's Swarm secret.</param>
    /// <returns>What Swarm said last of the runner's task.</returns>
    public async Task<RunnerTask?> PlaceAsync(Job job, RunnerKeys runner, DateTimeOffset deadline, RunLog log, CancellationToken ct)
    {
        var id = job.Id.Value;
        try
        {
            var (constraints, left) = await CreateWhenRoomAsync(job, runner, deadline, ct);
            log.Write($"asked Swarm for a node: {string.Join(", ", constraints)}");
            var recounted = clock.GetUtcNow();
            RunnerTask? task = null;
            while (clock.GetUtcNow() < deadline)
            {
                task = await PlacingTaskAsync(id, ct);
                if (task is null || task.NodeId is not null || task.Phase == RunnerPhase.Ended) return task;
                if (clock.GetUtcNow() - recounted >= Recount)
                {
                    // Every node fit for it was full when it was created: one may have room by now.
                    recounted = clock.GetUtcNow();
                    (constraints, left) = await RecountAsync(id, constraints, left, ct);
                }
            }
            return task;
        }
        finally
        {
            _unplaced.Remove(id);
        }
    }

    /// <summary>The job's runner task, from the reading all placing jobs share.</summary>
    private async Task<RunnerTask?> PlacingTaskAsync(string id, CancellationToken ct)
    {
        IReadOnlyDictionary<string, RunnerTask>? all = null;
        try { all = await _placing.NextAsync(ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A reading that failed is another job's as much as this one's: this job's own look says what is wrong.
        }
        // A reading begun before the service was created does not hold it: only the job's own look says it is gone.
        return all?.GetValueOrDefault(id) ?? await manager.RunnerTaskAsync(id, ct);
    }

    /// <summary>Under the placing turn, once there is room: picks the runner's port and creates its service.</summary>
    /// <returns>The constraints it was created with, and the nodes they leave out.</returns>
    private async Task<(IReadOnlyList<string> Constraints, IReadOnlySet<string> Left)> CreateWhenRoomAsync(Job job, RunnerKeys runner,
        DateTimeOffset deadline, CancellationToken ct)
    {
        await _queue.WaitAsync(ct);
        try
        {
            return await CreateFirstInQueueAsync(job, runner, deadline, ct);
        }
        finally
        {
            _queue.Release();
        }
    }

    private async Task<(IReadOnlyList<string> Constraints, IReadOnlySet<string> Left)> CreateFirstInQueueAsync(Job job, RunnerKeys runner,
        DateTimeOffset deadline, CancellationToken ct)
    {
        var id = job.Id.Value;
        for (var looked = false; ; looked = true)
        {
            // Checked before a look: a service made past the deadline would only be removed again, unused.
            if (clock.GetUtcNow() >= deadline)
                throw new JobHostException(looked
                    ? $"no node had room for the job's runner within swarm.place_timeout ({swarm.PlaceTimeout}): " +
                      $"the nodes fit for it hold max_jobs_per_node ({swarm.MaxJobsPerNode}) runners, placed or on their way"
                    : $"swarm.place_timeout ({swarm.PlaceTimeout}) ran out in the job's earlier tries, before its runner was asked for again");
            await _turn.WaitAsync(ct);
            try
            {
                // Under the placing turn: no other job of this daemon takes a port between this look and the create. The
                // first look reads the ports beside the room, as the room is there more often than not; later looks
                // (a node at its cap) read them only once there is room.
                var room = RoomAsync(id, null, ct);
                var taken = looked ? null : manager.RunnerPortsAsync(ct);
                if (taken is not null) await Task.WhenAll(room, taken);
                if (await room is var (constraints, left))
                {
                    var port = RunnerPortChoice.Pick(swarm.RunnerPort, RunnerPorts, (await (taken ?? manager.RunnerPortsAsync(ct))).Union(Resting.At(clock.GetUtcNow())).ToHashSet())
                        ?? throw new JobHostException($"every runner port from swarm.runner_port ({swarm.RunnerPort}) to {swarm.RunnerPort + RunnerPorts - 1} is taken by a running cion runner or held by another program");
                    await manager.CreateRunnerAsync(new RunnerServiceSpec(id, swarm.RunnerImage, port, constraints,
                        swarm.ReserveCpus, swarm.ReserveMemory, System.Text.Encoding.UTF8.GetBytes(runner.ToPem()), swarm.NodeVolumes), ct);
                    _unplaced.Set(id, left);
                    return (constraints, left);
                }
            }
            finally
            {
                _turn.Release();
            }
            await Task.Delay(Poll, clock, ct);
        }
    }

    /// <summary>
    /// Under the placing turn: the runner's constraints, widened if a node it left out has room now. Never narrowed: a
    /// node it may land on reaches its cap only through it, and a change of constraints makes Swarm replace the task,
    /// which must not happen to one Swarm has just placed (the job's own task is read again under the turn).
    /// </summary>
    private async Task<(IReadOnlyList<string>, IReadOnlySet<string>)> RecountAsync(string id, IReadOnlyList<string> constraints,
        IReadOnlySet<string> left, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            if (await manager.RunnerTaskAsync(id, ct) is not { NodeId: null, Phase: not RunnerPhase.Ended }) return (constraints, left);
            if (await RoomAsync(id, left, ct) is not var (now, narrower) || now.SequenceEqual(constraints)) return (constraints, left);
            await manager.UpdateConstraintsAsync(id, now, ct);
            _unplaced.Set(id, narrower);
            return (now, narrower);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Under the placing turn: the site's constraints and one <c>node.id!=…</c> for each node at its
    /// <c>max_jobs_per_node</c>, with the nodes they leave out; null while a runner placed by them might put a node
    /// over its cap, counting the runners still unplaced.
    /// </summary>
    /// <param name="within">Leave out no node beyond these (a recount only widens).</param>
    private async Task<(IReadOnlyList<string> Constraints, IReadOnlySet<string> Left)?> RoomAsync(string id, IReadOnlySet<string>? within, CancellationToken ct)
    {
        var cap = swarm.MaxJobsPerNode;
        // This daemon's unplaced runners first, then the manager's one reading of every runner: a runner placed in
        // between is counted twice, never missed (see PlacingRoom.Fits).
        var ours = _unplaced.Now();
        var tasks = (await manager.RunnerTasksAsync(ct)).Where(t => t.Key != id && t.Value.Phase != RunnerPhase.Ended).ToList();
        // A runner ciond does not follow (one the daemon before it created, re-attached or not yet) may land anywhere.
        var theirs = tasks.Where(t => t.Value.NodeId is null && !ours.ContainsKey(t.Key)).Select(_ => (IReadOnlySet<string>)new HashSet<string>());
        IReadOnlyCollection<IReadOnlySet<string>> unplaced = [.. ours.Where(r => r.Key != id).Select(r => r.Value), .. theirs];
        var perNode = tasks.Where(t => t.Value.NodeId is not null).GroupBy(t => t.Value.NodeId!).ToDictionary(g => g.Key, g => g.Count());
        var left = PlacingRoom.Full(perNode, cap);
        if (within is not null) left = left.Intersect(within).ToHashSet();
        if (!PlacingRoom.Fits(perNode, left, unplaced, cap)) return null;
        return ([.. swarm.Constraints, .. left.Order().Select(n => $"node.id!={n}")], left);
    }
}
