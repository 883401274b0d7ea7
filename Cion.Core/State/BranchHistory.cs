using Cion.Core.Jobs;
using Cion.Core.Spool;

namespace Cion.Core.State;

/// <summary>What a branch's earlier jobs came to, read from the repo's <c>runs.index</c> and the runs' own files.</summary>
public static class BranchHistory
{
    /// <summary>
    /// The final status of the newest job of the same ref queued before <paramref name="job"/>, or null when
    /// there is none. Cancelled jobs are passed over: a cancel says nothing about whether the branch builds.
    /// A job queued earlier and still running is passed over too: it has no final status to compare with.
    /// </summary>
    public static JobState? PreviousStatus(StateLayout layout, Job job)
    {
        var index = Path.Combine(layout.RepoDir(job.Repo), RunIndex.FileName);
        if (!File.Exists(index)) return null;
        var earlier = RunIndex.Read(index).Where(r => string.CompareOrdinal(r.Id, job.Id.Value) < 0)
            .OrderByDescending(r => r.Id, StringComparer.Ordinal);
        foreach (var (_, _, dir) in earlier)
        {
            var run = new RunPaths(dir);
            if (FileStateStore.ReadStatus(run) is not { } state || !state.IsFinal() || state == JobState.Cancelled) continue;
            if (RefOf(run) == job.Ref) return state;
        }
        return null;
    }

    private static string? RefOf(RunPaths run)
    {
        try
        {
            return JobFile.Parse(File.ReadAllText(run.Job)).Ref;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null; // removed by retention meanwhile, or unreadable: not the one to compare with
        }
    }
}
