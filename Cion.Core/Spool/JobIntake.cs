using Cion.Core.Jobs;
using Cion.Core.Posix;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Spool;

/// <summary>
/// Takes a file that appeared in <c>spool/new</c>: reads it without trusting it, checks it and its
/// owner (<see cref="SpoolFileOwner"/>), moves it to <c>spool/bad</c> (with the reason) when it is
/// not a job cion honours, and records a good one as queued. A problem with the state directory
/// or the account database is not the file's fault: the file stays for the next scan.
/// </summary>
public sealed class JobIntake(SpoolLayout spool, SpoolQueue queue, FileStateStore store, IReadOnlyList<string> repoRoots, ILogger<JobIntake> logger,
    Config.ServerConfig? server = null)
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

    /// <summary>
    /// A job an earlier daemon left claimed in <c>cur/</c>. Only ciond moves files into <c>cur/</c>,
    /// and only after taking them in, so a claim whose run does not hold the same job was put there
    /// by hand: it is set aside in <c>bad/</c> instead of being adopted.
    /// </summary>
    /// <exception cref="IOException">The spool or the state directory could not be read.</exception>
    public Job? TakeClaimed(SpoolClaim claim)
    {
        string why;
        try
        {
            var job = JobFile.Parse(queue.ReadClaimed(claim.Name).Text);
            if (claim.Name == job.Id.Value + JobFile.Extension && WasTakenIn(job)) return job;
            why = "not taken in by ciond: no run of this job holds the same job file (only ciond moves files into cur/)";
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
        {
            why = Invalid(e.Message);
        }
        logger.LogWarning("claimed file {Name} set aside in {Bad}: {Why}", claim.Name, spool.Bad, why);
        claim.SetAside(why);
        return null;
    }

    private bool WasTakenIn(Job job)
    {
        var run = store.Layout.Run(job);
        return File.Exists(run.Job) && File.ReadAllText(run.Job) == JobFile.Format(job);
    }

    private Job? Read(string name)
    {
        SpoolFile file;
        try
        {
            file = queue.ReadWaiting(name);
        }
        catch (FileNotFoundException)
        {
            return null; // claimed or removed meanwhile
        }
        catch (InvalidDataException e)
        {
            return Reject(name, Invalid(e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "cannot read spool file {Name}; trying again on the next scan", name);
            return null;
        }
        try
        {
            var job = JobFile.Parse(file.Text);
            return Problem(name, job, file.Status) is { } problem ? Reject(name, problem) : job;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Reject(name, Invalid(e.Message));
        }
        catch (IOException e)
        {
            logger.LogError(e, "cannot judge spool file {Name} now; trying again on the next scan", name);
            return null;
        }
    }

    /// <summary>Why the file is not a job cion runs, or null. Its owner is judged before the repo is opened.</summary>
    private string? Problem(string name, Job job, FileStatus file)
    {
        if (name != job.Id.Value + JobFile.Extension)
            return Invalid($"the file name must be its job id plus {JobFile.Extension} ({job.Id.Value}{JobFile.Extension})");
        _ = store.Layout.Run(job); // throws for names that would point outside the state directory
        var repoPath = LibC.RealPath(job.RepoPath);
        if (JobFileCheck.Problem(job, repoPath, _roots) is { } invalid) return Invalid(invalid);
        return SpoolFileOwner.Refusal(file, job.Repo, repoPath!, job.Ref)
            ?? (server is null ? null : DeployIntake.Refusal(job, file, server)) ?? MissingFromRepo(job);
    }

    private static string Invalid(string why) => $"not a valid job file: {why}";

    /// <summary>The pushed object must exist in the repo the job names: a job file cannot make cion build something else.</summary>
    private static string? MissingFromRepo(Job job)
    {
        try
        {
            using var repo = Git.GitAccess.Open(job.RepoPath);
            return repo.ObjectDatabase.Contains(new LibGit2Sharp.ObjectId(job.New)) ? null : Invalid($"{job.New} is not in {job.RepoPath}");
        }
        catch (LibGit2Sharp.LibGit2SharpException e)
        {
            return Invalid($"{job.RepoPath} is not a readable git repository: {e.Message}");
        }
    }

    private Job? Reject(string name, string why)
    {
        SetAside.Logged(logger, spool, $"spool file {name}", why, () => queue.Reject(name, why));
        return null;
    }
}
