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
        var reader = new StateReader(new StateLayout(config.State));
        var repo = spec.Contains('@') ? spec[..spec.LastIndexOf('@')] : spec;
        try
        {
            // A job id names no repo: then every run is a candidate.
            var runs = Cion.Core.Jobs.JobId.TryParse(spec, out _) ? reader.Runs().ToList() : reader.Runs(repo).ToList();
            return JobSelector.Select(spec, runs);
        }
        catch (Exception e) when (e is JobSelectionException or ArgumentException)
        {
            Console.Error.WriteLine($"cion: {e.Message}");
            return null;
        }
    }
}
