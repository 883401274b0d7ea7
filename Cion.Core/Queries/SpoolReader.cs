using Cion.Core.Jobs;
using Cion.Core.Spool;

namespace Cion.Core.Queries;

/// <summary>Reads the jobs in the spool for the <c>cion</c> command: waiting in <c>new/</c>, claimed in <c>cur/</c>.</summary>
public static class SpoolReader
{
    public const string Waiting = "waiting", Claimed = "claimed";

    /// <summary>Jobs and where they are; files that vanish meanwhile or are not jobs are skipped.</summary>
    public static IEnumerable<(Job Job, string State)> Jobs(SpoolLayout spool) =>
        Read(spool.Cur, Claimed).Concat(Read(spool.New, Waiting));

    private static IEnumerable<(Job Job, string State)> Read(string dir, string state)
    {
        if (!Directory.Exists(dir)) yield break;
        foreach (var file in Directory.EnumerateFiles(dir, "*" + JobFile.Extension))
        {
            Job? job = null;
            // SpoolFile: a FIFO or a link someone left in the spool must not hang or mislead 'cion queue'.
            try { job = JobFile.Parse(SpoolFile.Read(file).Text); }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException) { } // claimed or finished meanwhile, or not a job
            if (job is not null) yield return (job, state);
        }
    }
}
