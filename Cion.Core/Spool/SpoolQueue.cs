namespace Cion.Core.Spool;

/// <summary>
/// The daemon's side of the spool. Claiming is a rename from <c>new/</c> to <c>cur/</c>:
/// rename is atomic, so of two claimers exactly one succeeds and a job never runs twice at once.
/// </summary>
public sealed class SpoolQueue(SpoolLayout spool)
{
    /// <summary>Names of the files waiting in <c>new/</c>, oldest first (job ids sort by queue time).</summary>
    public IReadOnlyList<string> Waiting() =>
        [.. Directory.EnumerateFileSystemEntries(spool.New).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public string ReadWaiting(string name) => File.ReadAllText(Path.Combine(spool.New, name));

    /// <summary>Moves a job from <c>new/</c> to <c>cur/</c>; false when someone else took it first.</summary>
    public bool TryClaim(string name)
    {
        try
        {
            File.Move(Path.Combine(spool.New, name), Path.Combine(spool.Cur, name), overwrite: false);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The job has reached its final state and the state directory records it: forget it.</summary>
    public void Complete(string name) => File.Delete(Path.Combine(spool.Cur, name));

    /// <summary>Puts a claimed job back in <c>new/</c> so it runs again (the daemon stopped under it).</summary>
    public void Requeue(string name) => File.Move(Path.Combine(spool.Cur, name), Path.Combine(spool.New, name), overwrite: true);

    /// <summary>At start-up: claims left in <c>cur/</c> by a daemon that died go back to <c>new/</c>.</summary>
    public IReadOnlyList<string> RequeueAbandoned()
    {
        var names = Directory.EnumerateFiles(spool.Cur).Select(Path.GetFileName).OfType<string>().ToList();
        foreach (var name in names) Requeue(name);
        return names;
    }

    /// <summary>Job ids someone asked to cancel (<c>cion cancel</c> writes <c>cancel/JOB_ID</c>).</summary>
    public IReadOnlyList<string> CancelRequests() =>
        Directory.Exists(spool.Cancel)
            ? [.. Directory.EnumerateFiles(spool.Cancel).Select(Path.GetFileName).OfType<string>().Where(n => Jobs.JobId.TryParse(n, out _))]
            : [];

    public string ReadCancelRequest(string jobId) => File.ReadAllText(Path.Combine(spool.Cancel, jobId));

    public void DropCancelRequest(string jobId) => File.Delete(Path.Combine(spool.Cancel, jobId));

    /// <summary>Moves something that is not a job out of the way, with a <c>.why</c> file saying what was wrong.</summary>
    public void Reject(string name, string why)
    {
        var source = Path.Combine(spool.New, name);
        var target = FreeName(Path.Combine(spool.Bad, name));
        if (Directory.Exists(source)) Directory.Move(source, target);
        else File.Move(source, target);
        File.WriteAllText(target + ".why", why + "\n");
    }

    /// <summary>An earlier reject of the same name is kept: the new one gets a numbered name.</summary>
    private static string FreeName(string path)
    {
        var candidate = path;
        for (var i = 1; Path.Exists(candidate) || Path.Exists(candidate + ".why"); i++) candidate = $"{path}.{i}";
        return candidate;
    }
}
