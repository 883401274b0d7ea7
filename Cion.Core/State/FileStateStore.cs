using Cion.Core.Jobs;
using Cion.Core.Spool;

namespace Cion.Core.State;

/// <summary>
/// Everything the daemon knows, as plain files (see <see cref="StateLayout"/>).
/// Contract: every write is atomic (rename of a complete file or symlink), so a reader
/// never sees a half-written status or result, and the files on disk are the truth after
/// a crash. Methods may be called concurrently for different jobs; calls for one job
/// come from that job's flow only.
/// </summary>
public sealed class FileStateStore(StateLayout layout)
{
    public StateLayout Layout => layout;

    /// <summary>
    /// Records a newly seen job as <c>queued</c> and makes it the commit's, the branch's and
    /// the repo's latest. Idempotent: a job seen again after a restart keeps the status it has.
    /// </summary>
    public RunPaths Register(Job job)
    {
        var run = layout.Run(job);
        Directory.CreateDirectory(run.Artifacts);
        if (!File.Exists(run.Job)) AtomicFile.WriteAllText(run.Job, JobFile.Format(job));
        if (!File.Exists(run.Status)) SetStatus(run, JobState.Queued);
        LinkLatest(job, run);
        return run;
    }

    public void SetStatus(RunPaths run, JobState state) => AtomicFile.WriteAllText(run.Status, state.ToWord() + "\n");

    /// <summary>The run's status, or null when the run has none yet (or an unreadable word).</summary>
    public static JobState? ReadStatus(RunPaths run) =>
        File.Exists(run.Status) && JobStateWords.TryParse(File.ReadAllText(run.Status), out var state) ? state : null;

    public void WriteResult(RunPaths run, ResultFile result) => AtomicFile.WriteAllText(run.Result, result.Format());

    private void LinkLatest(Job job, RunPaths run)
    {
        var commitDir = layout.CommitDir(job.Repo, job.New);
        AtomicFile.ReplaceSymlink(Path.Combine(commitDir, StateLayout.LatestLink), Path.Combine(StateLayout.RunsDir, job.Id.Value));
        foreach (var name in RunPaths.LinkedNames)
        {
            // These links never change (they go through 'latest'), so they are made once. One
            // whose file the run has not written yet (release.log of a build) dangles until then.
            var link = Path.Combine(commitDir, name);
            if (new FileInfo(link).LinkTarget is null)
                AtomicFile.ReplaceSymlink(link, Path.Combine(StateLayout.LatestLink, name));
        }
        AtomicFile.ReplaceSymlink(Path.Combine(layout.RepoDir(job.Repo), StateLayout.LatestLink), job.New);
        if (job.Branch.Length > 0)
            AtomicFile.ReplaceSymlink(layout.BranchLink(job.Repo, job.Branch), StateLayout.BranchLinkTarget(job.Branch, job.New));
    }
}
