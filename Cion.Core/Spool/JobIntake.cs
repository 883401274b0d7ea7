using Cion.Core.Jobs;
using Cion.Core.Posix;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Spool;

/// <summary>
/// Takes a file that appeared in <c>spool/new</c>: parses and checks it, moves it to
/// <c>spool/bad</c> (with the reason) when it is not a job, and records a good one as queued.
/// A problem with the state directory is not the file's fault: the file stays for the next scan.
/// </summary>
public sealed class JobIntake(SpoolLayout spool, SpoolQueue queue, FileStateStore store, IReadOnlyList<string> repoRoots, ILogger<JobIntake> logger)
{
    /// <summary>The roots as written and with symlinks resolved, so a repo reached through either is recognised.</summary>
    private readonly IReadOnlyList<string> _roots = [.. repoRoots, .. repoRoots.Select(LibC.RealPath).OfType<string>()];

    /// <returns>The job, recorded as queued; null when it was rejected, had already finished, or must wait for the next scan.</returns>
    public Job? Take(string name)
    {
        if (Read(name) is not { } job) return null;
        try
        {
            if (FileStateStore.ReadStatus(store.Layout.Run(job)) is { } state && state.IsFinal())
            {
                // It finished before a crash took the daemon down ahead of removing its claim.
                queue.TryClaim(name)?.Complete();
                return null;
            }
            store.Register(job);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "cannot record job {JobId} in {State}; it stays queued", job.Id, store.Layout.Root);
            return null;
        }
        logger.LogInformation("queued job {JobId}: {Repo} {Ref} {Sha}", job.Id, job.Repo, job.Ref, job.ShortSha);
        return job;
    }

    private Job? Read(string name)
    {
        var path = Path.Combine(spool.New, name);
        string text;
        try
        {
            if (Directory.Exists(path)) return Reject(name, "a directory, not a job file");
            text = queue.ReadWaiting(name);
        }
        catch (FileNotFoundException)
        {
            return null; // claimed or removed meanwhile
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "cannot read spool file {Name}; trying again on the next scan", name);
            return null;
        }
        try
        {
            var job = JobFile.Parse(text);
            if (name != job.Id.Value + JobFile.Extension)
                return Reject(name, $"the file name must be its job id plus {JobFile.Extension} ({job.Id.Value}{JobFile.Extension})");
            _ = store.Layout.Run(job); // throws for names that would point outside the state directory
            var problem = JobFileCheck.Problem(job, LibC.RealPath(job.RepoPath), _roots) ?? MissingFromRepo(job);
            return problem is null ? job : Reject(name, problem);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Reject(name, e.Message);
        }
    }

    /// <summary>The pushed object must exist in the repo the job names: a job file cannot make cion build something else.</summary>
    private static string? MissingFromRepo(Job job)
    {
        try
        {
            using var repo = Git.GitAccess.Open(job.RepoPath);
            return repo.ObjectDatabase.Contains(new LibGit2Sharp.ObjectId(job.New)) ? null : $"{job.New} is not in {job.RepoPath}";
        }
        catch (LibGit2Sharp.LibGit2SharpException e)
        {
            return $"{job.RepoPath} is not a readable git repository: {e.Message}";
        }
    }

    private Job? Reject(string name, string why)
    {
        logger.LogWarning("spool file {Name} is not a valid job ({Why}); moved to {Bad}", name, why, spool.Bad);
        try
        {
            queue.Reject(name, $"not a valid job file: {why}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "cannot move {Name} to {Bad}; it stays in new/", name, spool.Bad);
        }
        return null;
    }
}
