using System.Text;
using Cion.Core.Jobs;
using Cion.Core.Posix;

namespace Cion.Core.State;

/// <summary>
/// <c>STATE/jobs/REPO/runs.index</c>: one line per run, <c>JOB_ID SHA</c>, appended when the run
/// is registered. Listing runs newest first then reads one small file per repo instead of
/// opening every commit folder (with 100,000 runs that walk alone takes longer than a second).
/// Lines are never rewritten: a run retention removed is skipped when its folder is gone, and a
/// line written twice (a crash between the append and the run's files) is read once.
/// </summary>
public static class RunIndex
{
    public const string FileName = "runs.index";

    /// <summary>
    /// One write(2) on an O_APPEND descriptor: two jobs registering at once never interleave their
    /// lines. The first append to a repo that has runs from before the index lists those too.
    /// </summary>
    public static void Append(string repoDir, Job job)
    {
        Directory.CreateDirectory(repoDir);
        var path = Path.Combine(repoDir, FileName);
        var text = new StringBuilder();
        if (!File.Exists(path))
            foreach (var (id, dir) in Queries.StateReader.WalkCommits(repoDir))
                text.Append(id).Append(' ').Append(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(dir)))).Append('\n');
        text.Append(job.Id.Value).Append(' ').Append(job.New).Append('\n');
        var line = Encoding.ASCII.GetBytes(text.ToString());
        var fd = LibC.Open(path, LibC.WriteOnlyAppendCreate, 0b110_100_100); // rw-r--r--
        if (fd < 0) throw LibC.Error($"open {path}");
        try
        {
            if (LibC.Write(fd, line, line.Length) != line.Length) throw LibC.Error($"append to {path}");
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>The runs an index lists, as paths relative to its repo folder (<c>SHA/runs/JOB_ID</c>); malformed lines are skipped.</summary>
    public static IEnumerable<(string Id, string RunDir)> Read(string indexFile)
    {
        var repoDir = Path.GetDirectoryName(indexFile)!;
        foreach (var line in File.ReadLines(indexFile))
        {
            var space = line.IndexOf(' ');
            if (space <= 0) continue;
            var (id, sha) = (line[..space], line[(space + 1)..]);
            if (!JobId.TryParse(id, out _) || !Git.RefUpdate.IsSha(sha)) continue;
            yield return (id, Path.Combine(repoDir, sha, StateLayout.RunsDir, id));
        }
    }
}
