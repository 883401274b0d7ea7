using System.Text;
using Cion.Core.Jobs;
using Cion.Core.Posix;

namespace Cion.Core.State;

/// <summary>
/// <c>STATE/jobs/REPO/runs.index</c>: one line per run, <c>JOB_ID SHA</c>, appended when the run
/// is registered. Listing runs newest first then reads one small file per repo instead of
/// opening every commit folder (with 100,000 runs that walk alone takes longer than a second).
/// Lines are never rewritten: a run retention removed is skipped when its folder is gone (the
/// file grows by about 60 bytes per run), and a line written twice (a crash between the append
/// and the run's files) is read once.
/// </summary>
public static class RunIndex
{
    public const string FileName = "runs.index";

    /// <summary>
    /// Adds the run's line, durably: one write(2) on an O_APPEND descriptor (two jobs registering
    /// at once never interleave their lines), then fsync. The first run of a repo that has runs
    /// from before the index creates it whole, those runs included, through a temp file renamed
    /// into place, so a crash never leaves an empty or partial index that hides older runs.
    /// </summary>
    public static void Append(string repoDir, Job job)
    {
        Directory.CreateDirectory(repoDir);
        var path = Path.Combine(repoDir, FileName);
        var line = Line(job.Id.Value, job.New);
        if (!File.Exists(path) && TryCreate(repoDir, path, line)) return;
        var bytes = Encoding.ASCII.GetBytes(EndsInNewline(path) ? line : "\n" + line);
        var fd = LibC.Open(path, LibC.WriteOnlyAppendCreate, 0b110_100_100); // rw-r--r--
        if (fd < 0) throw LibC.Error($"open {path}");
        try
        {
            if (LibC.Write(fd, bytes, bytes.Length) != bytes.Length) throw new IOException($"could not append to {path} (disk full?)");
            if (LibC.Fsync(fd) != 0) throw LibC.Error($"fsync {path}");
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <returns>False when another job created the index first: then append to it.</returns>
    private static bool TryCreate(string repoDir, string path, string line)
    {
        var text = new StringBuilder();
        foreach (var (id, sha, _) in Queries.StateReader.WalkCommits(repoDir)) text.Append(Line(id, sha));
        text.Append(line);
        var tmp = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(Encoding.ASCII.GetBytes(text.ToString()));
            file.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(tmp, path, overwrite: false); // link(2) + unlink: fails if it exists, never replaces
            DirectorySync.Flush(repoDir);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(tmp);
            return false;
        }
    }

    /// <summary>A line cut short (a full disk) must not glue the next run's line onto it.</summary>
    private static bool EndsInNewline(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length == 0) return true;
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }

    private static string Line(string id, string sha) => $"{id} {sha}\n";

    /// <summary>The runs an index lists, with their folders (<c>REPO/SHA/runs/JOB_ID</c>); malformed lines are skipped.</summary>
    public static IEnumerable<(string Id, string Sha, string RunDir)> Read(string indexFile)
    {
        var repoDir = Path.GetDirectoryName(indexFile)!;
        foreach (var line in File.ReadLines(indexFile))
        {
            var space = line.IndexOf(' ');
            if (space <= 0) continue;
            var (id, sha) = (line[..space], line[(space + 1)..]);
            if (!JobId.TryParse(id, out _) || !Git.RefUpdate.IsSha(sha)) continue;
            yield return (id, sha, Path.Combine(repoDir, sha, StateLayout.RunsDir, id));
        }
    }
}
