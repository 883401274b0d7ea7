using Cion.Core.Containers;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Jobs;

/// <summary>Prepares a run's files before it starts and removes what it made on the host and in Docker after.</summary>
public sealed class JobWorkspace(FileStateStore store, IContainerEngine engine, ILogger<JobWorkspace> logger)
{
    /// <summary>
    /// A run that starts again after the daemon stopped under it must not see that attempt's
    /// leftovers: the checkout, artifacts, step logs and result go; cion.log keeps its history.
    /// </summary>
    public void ClearInterruptedAttempt(Job job, RunPaths run, RunLog log)
    {
        var work = store.Layout.WorkRoot(job.Id);
        var leftovers = new[] { run.BuildLog, run.TestLog, run.ReleaseLog, run.Result }.Where(File.Exists).ToList();
        var artifacts = Directory.Exists(run.Artifacts) ? Directory.GetFileSystemEntries(run.Artifacts) : [];
        if (leftovers.Count == 0 && artifacts.Length == 0 && !Directory.Exists(work)) return;
        log.Write("an earlier attempt of this run was interrupted: starting again from a clean checkout, without its logs and artifacts");
        leftovers.ForEach(File.Delete);
        ClearArtifacts(run);
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    /// <summary>A build that runs again must not find the artifacts its first attempt left.</summary>
    public static void ClearArtifacts(RunPaths run)
    {
        if (!Directory.Exists(run.Artifacts)) return;
        foreach (var entry in Directory.GetFileSystemEntries(run.Artifacts))
            if (Directory.Exists(entry) && new FileInfo(entry).LinkTarget is null) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
    }

    /// <summary>
    /// Removes the job's containers, network and volumes (within the cleanup deadline, so a hung
    /// engine cannot hold the job) and its checkout; never throws. What is left is said in cion.log
    /// and the daemon's log: it keeps its labels, so the next start's sweep removes it.
    /// </summary>
    public async Task CleanUpAsync(Job job, RunLog log)
    {
        try
        {
            var report = await engine.RemoveJobResourcesAsync(job.Id.Value);
            if (!report.Complete)
            {
                log.Write($"cleanup incomplete: {report.DescribeLeft()}; ciond removes them when it next starts");
                logger.LogWarning("cleanup of job {JobId} incomplete: {Left}; ciond removes them when it next starts", job.Id, report.DescribeLeft());
            }
            var work = store.Layout.WorkRoot(job.Id);
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        catch (Exception e)
        {
            log.Write($"cleanup incomplete: {e.Message}; ciond removes what is left when it next starts");
            logger.LogWarning(e, "cleanup of job {JobId} incomplete", job.Id);
        }
    }
}
