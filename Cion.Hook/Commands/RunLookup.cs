using System.CommandLine;
using Cion.Core.Config;
using Cion.Core.Queries;
using Cion.Core.State;

namespace Cion.Hook.Commands;

/// <summary>The JOB argument the read commands share, and finding the run it names.</summary>
internal static class RunLookup
{
    public static Argument<string> JobArgument() => new("job")
    {
        Description = "REPO@SHA_PREFIX, REPO@BRANCH (its latest job), REPO (its latest job) or a job id",
    };

    /// <summary>The run, or null after telling the user why there is none.</summary>
    public static RunRecord? Find(ServerConfig config, string spec)
    {
        var layout = new StateLayout(config.State);
        var reader = new StateReader(layout);
        var repo = spec.Contains('@') ? spec[..spec.LastIndexOf('@')] : spec;
        try
        {
            // A job id names no repo: it is looked up by id alone, reading no other run.
            var recorded = Cion.Core.Jobs.JobId.TryParse(spec, out var id)
                ? reader.ById(id) is { } run ? [run] : []
                : reader.Runs(repo).ToList();
            // Jobs still only in the spool (the daemon is down) are jobs too: queued ones.
            var spooled = SpoolReader.Jobs(new Cion.Core.Spool.SpoolLayout(config.Spool)).Select(e => e.Job).Where(j => recorded.All(r => r.Job.Id != j.Id))
                .Select(j => new RunRecord(j, Cion.Core.Jobs.JobState.Queued, new Dictionary<string, string>(), layout.Run(j)));
            return JobSelector.Select(spec, [.. recorded, .. spooled]);
        }
        catch (Exception e) when (e is JobSelectionException or ArgumentException)
        {
            Console.Error.WriteLine($"cion: {e.Message}");
            return null;
        }
    }

    /// <summary>Whether a repo argument can name a repo at all (relative, no '..'); says why not otherwise.</summary>
    public static bool IsRepoName(string repo)
    {
        try
        {
            _ = new StateLayout("/").RepoDir(repo);
            return true;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"cion: {e.Message}");
            return false;
        }
    }
}
