namespace Cion.Core.Jobs;

/// <summary>
/// Gives each job a place to run (<see cref="JobHost"/>) and takes it back. With <c>runner: local</c> every
/// job runs on the daemon's engine (<see cref="LocalJobHosts"/>); with <c>runner: swarm</c> Swarm picks a node.
/// </summary>
public interface IJobHosts
{
    /// <summary>Whether a job whose host was lost under it runs again, once, on another (<c>swarm.retry_lost</c>).</summary>
    bool RetriesLost { get; }

    /// <summary>
    /// The job's host: a new place, or (after a restart) the one an earlier daemon got for it, re-attached.
    /// Writes to cion.log where the job runs.
    /// </summary>
    /// <exception cref="JobHostException">No place could be had (nothing matches, the runner would not start, the time ran out).</exception>
    Task<JobHost> EnterAsync(Job job, State.RunLog log, CancellationToken ct);

    /// <summary>The job is final and its containers removed: gives its place back. Never throws; says in cion.log what it left.</summary>
    Task LeaveAsync(Job job, JobHost host, State.RunLog log);

    /// <summary>At start: gives back the places of jobs no daemon holds any more.</summary>
    Task SweepAsync(Func<IReadOnlySet<string>> liveJobIds, CancellationToken ct);
}

/// <summary>One host: the daemon's engine.</summary>
public sealed class LocalJobHosts : IJobHosts
{
    public bool RetriesLost => false;

    public Task<JobHost> EnterAsync(Job job, State.RunLog log, CancellationToken ct) => Task.FromResult(JobHost.Daemon);

    public Task LeaveAsync(Job job, JobHost host, State.RunLog log) => Task.CompletedTask;

    public Task SweepAsync(Func<IReadOnlySet<string>> liveJobIds, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A job got no place to run, or lost the one it had: it ends in <c>error</c> with this message.</summary>
public sealed class JobHostException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The job had a host and lost it (a node down or drained), rather than never getting one.</summary>
    public bool Lost { get; init; }

    /// <summary>The node Swarm had put the job on, when it had: the result names it (<c>node=</c>) as for a job that ran there.</summary>
    public string? Node { get; init; }
}
