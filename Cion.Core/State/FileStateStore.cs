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
    /// Records a newly seen job as <c>queued</c> and makes it the commit's, the branch's and the
    /// repo's latest. A job seen again (after a restart) is left as it is: its status, and the
    /// links, which may by now lead to newer jobs.
    /// </summary>
    public RunPaths Register(Job job)
    {
        var run = layout.Run(job);
        if (File.Exists(run.Status)) return run;
        // Listed first: a crash before the run's files leaves a line the readers skip, never a run they miss.
        RunIndex.Append(layout.RepoDir(job.Repo), job);
        Directory.CreateDirectory(run.Artifacts);
        AtomicFile.WriteAllText(run.Job, JobFile.Format(job));
        SetStatus(run, JobState.Queued);
        LinkLatest(job);
        return run;
    }

    public void SetStatus(RunPaths run, JobState state) => AtomicFile.WriteAllText(run.Status, state.ToWord() + "\n");

    /// <summary>The run's status, or null when the run has none yet (or an unreadable word).</summary>
    public static JobState? ReadStatus(RunPaths run) =>
        File.Exists(run.Status) && JobStateWords.TryParse(File.ReadAllText(run.Status), out var state) ? state : null;

    public void WriteResult(RunPaths run, ResultFile result) => AtomicFile.WriteAllText(run.Result, result.Format());

    private void LinkLatest(Job job)
    {
        // A deploy releases an earlier build again: the commit's and the branch's latest stay that build.
        if (job.Deploy is not null)
        {
            AtomicFile.ReplaceSymlink(Path.Combine(layout.RepoDir(job.Repo), StateLayout.LatestLink),
                Path.Combine(job.New, StateLayout.RunsDir, job.Id.Value));
            return;
        }
        var commitDir = layout.CommitDir(job.Repo, job.New);
        var runInCommit = Path.Combine(StateLayout.RunsDir, job.Id.Value);
        AtomicFile.ReplaceSymlink(Path.Combine(commitDir, StateLayout.LatestLink), runInCommit);
        foreach (var name in RunPaths.LinkedNames)
        {
            // These links never change (they go through 'latest'), so they are made once. One
            // whose file the run has not written yet (release.log of a build) dangles until then.
            var link = Path.Combine(commitDir, name);
            if (new FileInfo(link).LinkTarget is null)
                AtomicFile.ReplaceSymlink(link, Path.Combine(StateLayout.LatestLink, name));
        }
        // The repo's and the branch's links lead to the run itself, not to the commit's latest:
        // the same commit pushed to another branch must not change what 'branches/main' shows.
        AtomicFile.ReplaceSymlink(Path.Combine(layout.RepoDir(job.Repo), StateLayout.LatestLink), Path.Combine(job.New, runInCommit));
        if (job.Branch.Length > 0) LinkBranch(job, Path.Combine(job.New, runInCommit));
    }

    /// <summary>
    /// <c>branches/feature/x</c> is a folder path. Git never has <c>feature</c> and <c>feature/x</c>
    /// at once, but one can replace the other over time: whatever stands in the way is a stale
    /// link of a deleted branch, and goes.
    /// </summary>
    private void LinkBranch(Job job, string runInRepo)
    {
        var link = layout.BranchLink(job.Repo, job.Branch);
        var branches = Path.Combine(layout.RepoDir(job.Repo), StateLayout.BranchesDir);
        for (var dir = Path.GetDirectoryName(link)!; dir.Length > branches.Length; dir = Path.GetDirectoryName(dir)!)
            if (new FileInfo(dir).LinkTarget is not null) File.Delete(dir);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (new FileInfo(link).LinkTarget is null && Directory.Exists(link)) Directory.Delete(link, recursive: true);
        AtomicFile.ReplaceSymlink(link, StateLayout.BranchLinkTarget(job.Branch, runInRepo));
    }
}
