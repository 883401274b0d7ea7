namespace Cion.Core.Spool;

/// <summary>
/// A job this daemon owns: its file in <c>cur/</c>, and an exclusive lock on <c>cur/NAME.lock</c>
/// held for as long as the daemon runs the job. The kernel drops the lock when the daemon dies,
/// however it dies, which is how a starting daemon tells an abandoned job (adopt it) from one
/// a live daemon is running (leave it).
/// </summary>
public sealed class SpoolClaim(SpoolLayout spool, string name, FileStream held) : IDisposable
{
    public string Name => name;

    /// <summary>The job reached its final state and the state directory says so: forget it.</summary>
    public void Complete()
    {
        File.Delete(Path.Combine(spool.Cur, name));
        Drop();
    }

    /// <summary>Back to <c>new/</c>, to be taken again (a cancel that could not be recorded).</summary>
    public void Requeue()
    {
        File.Move(Path.Combine(spool.Cur, name), Path.Combine(spool.New, name), overwrite: true);
        Drop();
    }

    /// <summary>Into <c>bad/</c> with the reason: a file in <c>cur/</c> that ciond never took in.</summary>
    public void SetAside(string why)
    {
        SpoolQueue.SetAside(spool, Path.Combine(spool.Cur, name), name, why);
        Drop();
    }

    /// <summary>Lets go of the lock and nothing else: the job stays claimed in <c>cur/</c>, for the next daemon to adopt.</summary>
    public void Dispose() => held.Dispose();

    /// <summary>Removes the lock file, then closes it: while the lock is held nobody else is using that file.</summary>
    internal void Drop()
    {
        File.Delete(held.Name);
        held.Dispose();
    }
}
