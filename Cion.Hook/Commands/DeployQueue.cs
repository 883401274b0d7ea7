using Cion.Core.Config;
using Cion.Core.Git;
using Cion.Core.Jobs;
using Cion.Core.Posix;
using Cion.Core.Queries;
using Cion.Core.Spool;
using Cion.Core.State;

namespace Cion.Hook.Commands;

/// <summary>
/// What <c>cion deploy</c> and <c>cion rollback</c> share: find the earlier job, judge the request as ciond
/// will (so the user hears a refusal now, not from a job ending <c>error</c>), and queue it in the spool as a
/// job file. It never talks to the engine; ciond judges the file again when it takes it in.
/// </summary>
internal static class DeployQueue
{
    public static int Queue(ServerConfig config, string repo, string spec, string environment, string reason, string kind)
    {
        if (!RunLookup.IsRepoName(repo)) return ExitCodes.Refused;
        if (reason.Contains('\n') || reason.Contains('\r')) return Refuse("--reason must be one line");
        var layout = new StateLayout(config.State);
        var runs = new StateReader(layout).Runs(repo).ToList();
        if (runs.Count == 0) return Refuse($"unknown repository {repo}: it has no jobs on this server");
        RunRecord source;
        try
        {
            source = DeployTarget.ForDeploy(repo, spec, runs);
        }
        catch (JobSelectionException e)
        {
            return Refuse(RemovedByRetention(layout, repo, spec) ? $"the run of {spec} in {repo}, and its artifacts, were removed by retention (keep in {config.SourceFile})" : e.Message);
        }
        var release = ReleaseOf(source.Job);
        var known = KnownEnvironments(config, layout, repo, release);
        if (!known.Contains(environment))
            return Refuse($"unknown environment {environment} for {repo}: it knows {(known.Count == 0 ? "none" : string.Join(", ", known.Order()))}");
        var owner = CurrentUser.Find();
        var now = DateTimeOffset.UtcNow;
        var deploy = new DeployRequest(source.Job.Id, environment, kind, reason);
        var job = new Job
        {
            Id = JobId.New(now, source.Job.New), Repo = repo, RepoPath = source.Job.RepoPath, Ref = source.Job.Ref,
            Old = source.Job.Old, New = source.Job.New, PushedBy = owner.Name ?? owner.ToString(), QueuedAt = now, Deploy = deploy,
        };
        var found = new DeploySource(source.Job, source.Status, Directory.Exists(source.Paths.Artifacts), release);
        var refused = DeployCheck.Refusal(repo, job.New, deploy, found, config.Environments, config.SourceFile)
            ?? DeployIntake.Refusal(job, deploy, owner, owner.Name is null ? [] : UserAccounts.GroupNames(owner), config.Environments, config.SourceFile);
        if (refused is not null) return Refuse(refused);
        try
        {
            new SpoolWriter(new SpoolLayout(config.Spool)).Write(job);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cion: cannot queue the {kind} in {config.Spool}: {e.Message}");
            return ExitCodes.Failed;
        }
        Console.WriteLine($"cion: queued {job.Id.Value}, a {kind} of job {source.Job.Id.Value} ({repo} {job.ShortSha} {job.Ref}) to {environment}");
        return ExitCodes.Ok;
    }

    /// <summary>Whether the repo's run index lists the job or commit though its run is gone: retention removed it.</summary>
    private static bool RemovedByRetention(StateLayout layout, string repo, string spec)
    {
        var index = Path.Combine(layout.RepoDir(repo), RunIndex.FileName);
        return spec.Length >= 4 && File.Exists(index) && RunIndex.Read(index)
            .Any(r => (r.Id == spec || r.Sha.StartsWith(spec, StringComparison.OrdinalIgnoreCase)) && !Directory.Exists(r.RunDir));
    }

    private static int Refuse(string why)
    {
        Console.Error.WriteLine($"cion: {why}");
        return ExitCodes.Refused;
    }

    /// <summary>The release step of the job's commit, read with git (the cion binary never loads libgit2); null when there is none to read.</summary>
    private static StepConfig? ReleaseOf(Job job)
    {
        if (GitCommand.FileAt(job.RepoPath, job.New, CionConfig.FileName) is not { } text) return null;
        try
        {
            return ConfigParser.Parse(text).Release;
        }
        catch (ConfigException)
        {
            return null;
        }
    }

    /// <summary>The environments the server knows for the repo: its rules', its ledger's, and the commit's own release.</summary>
    private static HashSet<string> KnownEnvironments(ServerConfig config, StateLayout layout, string repo, StepConfig? release)
    {
        var known = config.Environments.Where(r => RepoGlob.Matches(r.Repos, repo)).Select(r => r.Environment)
            .Concat(new DeploymentReader(layout).Environments(repo).Select(d => d.Environment)).ToHashSet(StringComparer.Ordinal);
        if (release is not null) known.Add(release.Environment);
        return known;
    }
}
