using Cion.Core.Containers;
using Cion.Core.Jobs;

namespace Cion.Core.Swarm;

/// <summary>
/// A job's place on a Swarm node: the link to its runner, the node's engine through it, and a watch on
/// the manager (shared by all jobs: <see cref="SwarmJobHosts"/>' poll). A node that goes down or is drained
/// under the job is known here within the poll's interval; the link is then cut, so a step waiting on the
/// node's engine stops waiting.
/// </summary>
internal sealed class SwarmJobHost : JobHost
{
    private readonly NodeLink _link;
    private readonly IContainerEngine _engine;
    private readonly RunnerTask _task;
    private readonly string _jobId;
    private readonly ISwarmManager _manager;
    private readonly RunnerKeys _keys;
    private readonly TimeProvider _clock;
    private readonly SharedPoll<IReadOnlyDictionary<string, RunnerTask>> _watch;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private volatile string? _lost;
    private int _disposed;

    private SwarmJobHost(string jobId, RunnerTask task, NodeLink link, RunnerKeys keys, IContainerEngine engine, ISwarmManager manager,
        SharedPoll<IReadOnlyDictionary<string, RunnerTask>> watch, TimeProvider clock)
    {
        (_jobId, _task, _link, _keys, _engine, _manager, _watch, _clock) = (jobId, task, link, keys, engine, manager, watch, clock);
        _watching = WatchAsync();
    }

    public override IContainerEngine Engine => _engine;

    public override string Node => _task.NodeText;

    /// <param name="keys">ciond's keys for the job: the host owns them from here, and disposes them with the link.</param>
    /// <param name="watch">The manager's runner tasks, read for all jobs at once.</param>
    /// <param name="started">Asks the manager whether the runner's task runs yet; throws when it never will.</param>
    /// <param name="said">Writes a line into the job's cion.log; called from several threads at once.</param>
    public static async Task<SwarmJobHost> ConnectAsync(Job job, RunnerTask task, RunnerKeys keys, string socketPath, ISwarmManager manager,
        SharedPoll<IReadOnlyDictionary<string, RunnerTask>> watch, SwarmEngineFactory engines, TimeProvider clock,
        Func<CancellationToken, Task<bool>> started, Action<string> said, CancellationToken ct)
    {
        var link = NodeLink.Connect(task.NodeAddress!, task.Port!.Value, keys, said);
        try
        {
            await WaitListeningAsync(link, task, started, clock, ct);
            // The job's first requests go out side by side (its volumes looked up and made, then filled): their
            // connections are opened while it reads its config and plans its step. One that fails is opened again
            // when it is asked for.
            for (var i = 0; i < ConnectionsAhead; i++) _ = OpenAheadQuietlyAsync(link);
            var socket = await link.ServeDockerSocketAsync(socketPath, ct);
            var engine = engines.Connect(socket, link);
            return new SwarmJobHost(job.Id.Value, task, link, keys, engine, manager, watch, clock);
        }
        catch
        {
            await link.DisposeAsync();
            keys.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The runner is tried as soon as Swarm has put it on a node: Swarm's word that it runs comes a good while after
    /// its process has started. Until that word, any failure is retried (nothing listens yet, or a runner of an ended
    /// job, stopping, still holds the port), and the manager is asked every <see cref="Look"/> whether the task will
    /// ever run. Once it runs, only silence is retried, for <see cref="ListenTimeout"/>: a runner that still cannot be
    /// reached is on a node that died after Swarm placed it (Swarm says so only seconds later), or one this host cannot
    /// reach. The job's host is lost either way, so with <c>swarm.retry_lost</c> the job runs again elsewhere. A running
    /// runner that answers wrongly (a certificate, a refusal) is not.
    /// </summary>
    private static async Task WaitListeningAsync(NodeLink link, RunnerTask task, Func<CancellationToken, Task<bool>> started,
        TimeProvider clock, CancellationToken ct)
    {
        var running = task.Phase == RunnerPhase.Running;
        var until = running ? clock.GetUtcNow() + ListenTimeout : DateTimeOffset.MaxValue;
        var look = clock.GetUtcNow() + Look;
        while (true)
        {
            try
            {
                // Before Swarm says the task runs, a node that drops our packets must not hold the wait past the
                // manager's next look (and swarm.place_timeout) for the link's whole handshake deadline.
                using var probeTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (!running) probeTimeout.CancelAfter(ProbeBeforeRunning);
                // The runner answered: the job's first request goes out on this connection.
                await link.OpenAheadAsync(probeTimeout.Token);
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && (!running || Unreachable(e)) && clock.GetUtcNow() < until)
            {
                if (!running && clock.GetUtcNow() >= look)
                {
                    running = await started(ct);
                    if (running) until = clock.GetUtcNow() + ListenTimeout;
                    look = clock.GetUtcNow() + Look;
                }
                await Task.Delay(ProbeAgain, clock, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // A connection the link gave up on (its handshake deadline) says nothing more than that.
                var why = e is OperationCanceledException ? $"no answer within {LinkProtocol.HandshakeTimeout.TotalSeconds:0} s" : e.Message;
                throw new JobHostException($"cannot reach the job's runner on node {task.NodeText} at {task.NodeAddress}:{task.Port}: {why}", e)
                {
                    Lost = Unreachable(e), Node = task.NodeName,
                };
            }
        }
    }

    /// <summary>
    /// How many more connections are opened once the runner answers, beside the one that found it: a step's first
    /// requests are three engine calls at once (its volumes), then three fillings at once.
    /// </summary>
    private const int ConnectionsAhead = 5;

    private static async Task OpenAheadQuietlyAsync(NodeLink link)
    {
        try { await link.OpenAheadAsync(CancellationToken.None); }
        catch (Exception)
        {
            // Whatever went wrong (the runner gone, the link cut and its keys disposed under the handshake), the
            // connection is opened when asked for instead, and that call says what is wrong.
        }
    }

    /// <summary>
    /// How often a runner that does not answer yet is looked up on the manager, until Swarm says it runs. Only to learn
    /// that it never will: the job tries the runner itself every <see cref="ProbeAgain"/>. Fifty jobs starting at once make 50 lookups
    /// (150 requests) a second.
    /// </summary>
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(1);

    /// <summary>How long one try of a runner that Swarm does not yet call running may take; after that word, the link's own deadline.</summary>
    private static readonly TimeSpan ProbeBeforeRunning = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Between two tries of a runner that does not answer yet: the job waits on the first try after the runner listens,
    /// half of this on average, and a try that finds nothing listening costs one refused TCP connection. A runner
    /// starts 0.2–0.4 s after Swarm puts it on its node: some 15 refused connections a job, and 50 jobs placed at once
    /// make 2,500 a second. 10 ms was tried: 5 ms less a job on average, for twice the connections while 50 were placed.
    /// </summary>
    private static readonly TimeSpan ProbeAgain = TimeSpan.FromMilliseconds(20);

    /// <summary>Nothing answered (refused, reset, silent past the link's handshake deadline), as opposed to a wrong answer.</summary>
    private static bool Unreachable(Exception e) => e is System.Net.Sockets.SocketException or IOException or OperationCanceledException;

    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(30);

    /// <remarks>
    /// A node that dies breaks the link at once, and the manager says so only some seconds later (its heartbeat):
    /// when the runner does not answer, this waits up to <see cref="Verdict"/> for the manager's word, and without it
    /// names the node all the same. A runner that answers means the node is fine, and the step's error is its own.
    /// </remarks>
    public override async Task<string?> LostAsync(CancellationToken ct)
    {
        if (_lost is not null || Volatile.Read(ref _disposed) != 0) return _lost;
        if (await ManagerSaysAsync(ct) is { } said) return _lost = said;
        if (await UnreachableAsync(ct) is not { } unreachable) return null;
        var until = _clock.GetUtcNow() + Verdict;
        while (_clock.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _clock, ct);
            if (await ManagerSaysAsync(ct) is { } later) return _lost = later;
        }
        return _lost = $"lost contact with the job's runner on node {Node} ({unreachable}); Swarm still lists the node as up";
    }

    /// <summary>How long a job whose runner stopped answering waits for the manager to say what became of its node.</summary>
    private static readonly TimeSpan Verdict = TimeSpan.FromSeconds(30);

    private async Task<string?> ManagerSaysAsync(CancellationToken ct)
    {
        try { return LostReason(await _manager.RunnerTaskAsync(_jobId, ct)); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // the manager does not answer: nothing known about the node
        }
    }

    /// <summary>Why the runner cannot be reached, or null when it answers.</summary>
    private async Task<string?> UnreachableAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await _link.ProbeAsync(timeout.Token);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    /// <summary>Why the node is no place for the job any more, or null while it is.</summary>
    private string? LostReason(RunnerTask? now) => now switch
    {
        null => $"the job's runner service on node {Node} was removed",
        { NodeDown: { } down } => $"node {now.NodeText} {down} while the job ran there",
        { Phase: RunnerPhase.Ended } => $"the job's runner on node {now.NodeText} ended ({now.State}{(now.Message.Length == 0 ? "" : ": " + now.Message)}) while the job ran there",
        _ => null,
    };

    private async Task WatchAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                IReadOnlyDictionary<string, RunnerTask> tasks;
                try { tasks = await _watch.NextAsync(_stop.Token); }
                catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
                {
                    continue; // the manager does not answer: nothing known about the node
                }
                if (LostReason(tasks.GetValueOrDefault(_jobId)) is not { } said) continue;
                _lost ??= said;
                // Cut the link: whatever waits on the node's engine ends now, and the job with it.
                await _link.DisposeAsync();
                return;
            }
        }
        catch (OperationCanceledException) { }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync();
        await _watching;
        (_engine as IDisposable)?.Dispose();
        await _link.DisposeAsync();
        _keys.Dispose();
        _stop.Dispose();
    }
}
