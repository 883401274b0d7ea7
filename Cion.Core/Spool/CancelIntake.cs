using Cion.Core.Jobs;
using Cion.Core.Posix;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Spool;

/// <summary>
/// Takes a cancel request (<c>cancel/JOB_ID</c>) for a job this daemon holds. Like a job file it is
/// honoured only when its owner may push to the job's repository (<see cref="SpoolFileOwner"/>):
/// otherwise it is set aside in <c>bad/JOB_ID.cancel</c> with the reason, and the job goes on.
/// </summary>
public sealed class CancelIntake(SpoolLayout spool, SpoolQueue queue, ILogger<CancelIntake> logger)
{
    /// <returns>Who asked (the request's text), or null when the request was set aside, has gone, or must wait for the next scan.</returns>
    public string? Take(string jobId, Job job)
    {
        try
        {
            var request = queue.ReadCancelRequest(jobId);
            var repoPath = LibC.RealPath(job.RepoPath) ?? job.RepoPath;
            if (SpoolFileOwner.Refusal(request.Status, job.Repo, repoPath, job.Ref) is not { } why) return request.Text.Trim();
            return Reject(jobId, why);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (InvalidDataException e)
        {
            return Reject(jobId, $"not a valid cancel request: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "cannot judge the cancel request for {JobId} now; trying again on the next scan", jobId);
            return null;
        }
    }

    private string? Reject(string jobId, string why)
    {
        SetAside.Logged(logger, spool, $"cancel request for {jobId}", why, () => queue.RejectCancelRequest(jobId, why));
        return null;
    }
}
