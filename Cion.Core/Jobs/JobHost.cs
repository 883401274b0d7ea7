using Cion.Core.Containers;

namespace Cion.Core.Jobs;

/// <summary>
/// Where one job's containers run: the daemon's own engine (<see cref="Daemon"/>), or a Swarm node
/// reached through its runner. Disposing it lets go of the connection only: a stopping daemon's job
/// keeps its place for the next start to re-attach to; <see cref="IJobHosts.LeaveAsync"/> gives the place back.
/// </summary>
public class JobHost : IAsyncDisposable
{
    /// <summary>The daemon's engine: one host, nothing to hold or give back.</summary>
    public static readonly JobHost Daemon = new();

    /// <summary>The engine the job's containers run on; null: the daemon's.</summary>
    public virtual IContainerEngine? Engine => null;

    /// <summary>The node's name, for <c>result</c>'s <c>node=</c>; null on the daemon's own host.</summary>
    public virtual string? Node => null;

    /// <summary>
    /// Why the host went away under the job (a node lost or drained), once it has: what went wrong in a
    /// step then is the node's doing, not the step's. Null while the host is fine.
    /// </summary>
    public virtual Task<string?> LostAsync(CancellationToken ct) => Task.FromResult<string?>(null);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
