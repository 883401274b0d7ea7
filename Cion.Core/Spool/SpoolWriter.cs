using System.Text;
using Cion.Core.Posix;
using Cion.Core.Jobs;

namespace Cion.Core.Spool;

/// <summary>
/// Queues a job: write <c>tmp/ID.job</c>, fsync it, rename it into <c>new/</c>, fsync <c>new/</c>.
/// A reader of <c>new/</c> therefore only ever sees whole files, and once <see cref="Write"/>
/// returns the job survives a power cut. A crash before the rename leaves only a file in
/// <c>tmp/</c>, which no reader looks at.
/// </summary>
public sealed class SpoolWriter(SpoolLayout spool)
{
    /// <summary>
    /// 0644 whatever the umask leaves: the spool is group-writable, and ciond honours no file that
    /// others than its owner may change (<see cref="JobFileCheck.TrustProblem"/>).
    /// </summary>
    private static readonly FileStreamOptions CreateOwnerWritable = new()
    {
        Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
    };

    /// <returns>The path of the queued file in <c>new/</c>.</returns>
    public string Write(Job job)
    {
        var name = job.Id.Value + JobFile.Extension;
        var tmp = Path.Combine(spool.Tmp, name);
        var final = Path.Combine(spool.New, name);
        var bytes = Encoding.UTF8.GetBytes(JobFile.Format(job));
        using (var file = new FileStream(tmp, CreateOwnerWritable))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, final);
        DirectorySync.Flush(spool.New);
        return final;
    }

    /// <summary>Asks the daemon to cancel a job: <c>cancel/JOB_ID</c>, written whole through <c>tmp/</c> like a job.</summary>
    public void RequestCancel(JobId id, string requestedBy)
    {
        var tmp = Path.Combine(spool.Tmp, $"{id.Value}.cancel-{Environment.ProcessId}");
        File.Delete(tmp); // left by an earlier process of this id that died before the rename
        using (var file = new FileStream(tmp, CreateOwnerWritable)) file.Write(Encoding.UTF8.GetBytes(requestedBy + "\n"));
        Directory.CreateDirectory(spool.Cancel);
        File.Move(tmp, Path.Combine(spool.Cancel, id.Value), overwrite: true);
    }
}
