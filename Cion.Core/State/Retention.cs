using Cion.Core.Config;
using Cion.Core.Queries;

namespace Cion.Core.State;

/// <summary>
/// Applies <c>keep</c> to one repo after a job of it finishes: removes the old runs'
/// folders (logs, artifacts), and a commit's folder when its last run goes. The deployment
/// ledger is never touched, and the builds of each environment's last <c>keep.deployments</c>
/// successful deployments stay (<see cref="DeployedBuilds"/>): <c>cion rollback</c> needs them. Only symlinks inside the state directory are removed, never followed.
/// </summary>
public sealed class Retention(ServerConfig config, StateLayout layout, TimeProvider clock)
{
    /// <returns>How many runs were removed.</returns>
    public int Apply(string repo)
    {
        if (config.KeepRuns is null && config.KeepDays is null) return 0;
        var runs = new StateReader(layout).RunsOnDisk(repo).ToList();
        var ledgers = new DeploymentReader(layout).Environments(repo).ToList();
        var deployed = ledgers.Select(d => d.Current?.GetValueOrDefault("run")).OfType<string>().ToHashSet();
        var keepFor = config.KeepDays is { } days ? TimeSpan.FromDays(days) : (TimeSpan?)null;
        var remove = RetentionPolicy.ToRemove(runs, config.KeepRuns, keepFor, clock.GetUtcNow(), deployed)
            .Where(DeployedBuilds.Of(ledgers, config.KeepDeployments).MayRemove).ToList();
        foreach (var run in remove)
        {
            Directory.Delete(run.Paths.Dir, recursive: true);
            TidyCommit(layout.CommitDir(run.Job.Repo, run.Job.New));
        }
        return remove.Count;
    }

    /// <summary>Points the commit's <c>latest</c> at its newest remaining run, or removes the commit folder when none is left.</summary>
    private static void TidyCommit(string commitDir)
    {
        var runsDir = Path.Combine(commitDir, StateLayout.RunsDir);
        var left = Directory.Exists(runsDir) ? Directory.GetDirectories(runsDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList() : [];
        if (left.Count == 0)
        {
            Directory.Delete(commitDir, recursive: true);
            return;
        }
        AtomicFile.ReplaceSymlink(Path.Combine(commitDir, StateLayout.LatestLink), Path.Combine(StateLayout.RunsDir, left[^1]));
    }
}
