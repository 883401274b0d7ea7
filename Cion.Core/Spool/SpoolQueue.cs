using Cion.Core.Posix;

namespace Cion.Core.Spool;

/// <summary>
/// The daemon's side of the spool: what waits in <c>new/</c>, claims in <c>cur/</c> (see
/// <see cref="SpoolClaim"/>), cancel requests, and files that are not jobs.
/// </summary>
public sealed class SpoolQueue(SpoolLayout spool)
{
    /// <summary>Names of the files waiting in <c>new/</c>, oldest first (job ids sort by queue time).</summary>
    public IReadOnlyList<string> Waiting() =>
        [.. Directory.EnumerateFileSystemEntries(spool.New).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <exception cref="FileNotFoundException">Claimed or removed meanwhile.</exception>
    /// <exception cref="InvalidDataException">Not a file cion reads (see <see cref="SpoolFile"/>).</exception>
    public SpoolFile ReadWaiting(string name) => SpoolFile.Read(Path.Combine(spool.New, name));

    /// <summary>
    /// Takes a job: lock <c>cur/NAME.lock</c>, then rename the job from <c>new/</c> into <c>cur/</c>.
    /// Null when another daemon holds the lock or took the job first. Rename is atomic and the lock
    /// is taken before it, so two daemons never both run a job.
    /// </summary>
    public SpoolClaim? TryClaim(string name)
    {
        if (TryLock(name) is not { } held) return null;
        try
        {
            File.Move(Path.Combine(spool.New, name), Path.Combine(spool.Cur, name), overwrite: false);
            return new SpoolClaim(spool, name, held);
        }
        catch (FileNotFoundException)
        {
            new SpoolClaim(spool, name, held).Drop(); // someone else took it first
            return null;
        }
    }

    /// <summary>Jobs in <c>cur/</c>: claimed by a live daemon, or abandoned by one that died.</summary>
    public IReadOnlyList<string> Claimed() =>
        [.. Directory.EnumerateFiles(spool.Cur, "*" + JobFile.Extension).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public SpoolFile ReadClaimed(string name) => SpoolFile.Read(Path.Combine(spool.Cur, name));

    /// <summary>Takes over a job in <c>cur/</c> whose daemon died; null when a live daemon still holds it.</summary>
    public SpoolClaim? TryAdopt(string name)
    {
        if (TryLock(name) is not { } held) return null;
        if (File.Exists(Path.Combine(spool.Cur, name))) return new SpoolClaim(spool, name, held);
        held.Dispose();
        return null;
    }

    private FileStream? TryLock(string name)
    {
        try
        {
            // .NET takes flock(LOCK_EX | LOCK_NB) for FileShare.None: held until closed or the process dies.
            return new FileStream(Path.Combine(spool.Cur, name + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Job ids someone asked to cancel (<c>cion cancel</c> writes <c>cancel/JOB_ID</c>).</summary>
    public IReadOnlyList<string> CancelRequests() =>
        Directory.Exists(spool.Cancel)
            ? [.. Directory.EnumerateFiles(spool.Cancel).Select(Path.GetFileName).OfType<string>().Where(n => Jobs.JobId.TryParse(n, out _))]
            : [];

    public SpoolFile ReadCancelRequest(string jobId) => SpoolFile.Read(Path.Combine(spool.Cancel, jobId));

    public void DropCancelRequest(string jobId) => File.Delete(Path.Combine(spool.Cancel, jobId));

    /// <summary>Moves something that is not a job out of the way, with a <c>.why</c> file saying what was wrong.</summary>
    public void Reject(string name, string why) => SetAside(spool, Path.Combine(spool.New, name), name, why);

    /// <summary>Sets a cancel request aside as <c>bad/JOB_ID.cancel</c>, with its <c>.why</c>.</summary>
    public void RejectCancelRequest(string jobId, string why) => SetAside(spool, Path.Combine(spool.Cancel, jobId), jobId + CancelSuffix, why);

    public const string CancelSuffix = ".cancel";

    /// <summary>Moves a spool entry into <c>bad/</c> as <paramref name="badName"/> and writes the reason beside it.</summary>
    internal static void SetAside(SpoolLayout spool, string source, string badName, string why)
    {
        var target = FreeName(Path.Combine(spool.Bad, badName));
        // rename(2) itself: it moves a file, a folder, a FIFO or a symlink alike, never what a link points to.
        if (LibC.Rename(source, target) != 0) throw LibC.Error($"moving {source} to {target}");
        // Whole or not at all: a reader (ls and cat, a test) may look the moment it appears.
        State.AtomicFile.WriteAllText(target + ".why", why + "\n");
    }

    /// <summary>An earlier reject of the same name is kept: the new one gets a numbered name.</summary>
    private static string FreeName(string path)
    {
        var candidate = path;
        for (var i = 1; Path.Exists(candidate) || Path.Exists(candidate + ".why"); i++) candidate = $"{path}.{i}";
        return candidate;
    }
}
