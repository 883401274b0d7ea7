using Cion.Core.Jobs;
using Cion.Core.Queries;

namespace Cion.Core.State;

/// <summary>
/// Pure: which of a repo's runs <c>keep</c> lets go. Beyond the newest <c>runs</c>, or older than
/// <c>days</c>, a run goes, except: the newest run of each branch, the repo's newest run, what a
/// deployment ledger's <c>current</c> names, and any run not yet finished.
/// </summary>
public static class RetentionPolicy
{
    public static IReadOnlyList<RunRecord> ToRemove(IReadOnlyList<RunRecord> runs, int? keepRuns, TimeSpan? keepFor,
        DateTimeOffset now, IReadOnlySet<string> deployedRunDirs)
    {
        if (keepRuns is null && keepFor is null) return [];
        var newestFirst = runs.OrderByDescending(r => r.Job.Id.Value, StringComparer.Ordinal).ToList();
        var kept = new HashSet<RunRecord>(newestFirst.Take(1));
        // A deploy's run is no branch's build: the newest build of the branch stays.
        foreach (var branch in newestFirst.Where(r => r.Job.Branch.Length > 0 && r.Job.Deploy is null).GroupBy(r => r.Job.Branch))
            kept.Add(branch.First());
        kept.UnionWith(newestFirst.Where(r => deployedRunDirs.Contains(r.Paths.Dir) || r.Status is not { } s || !s.IsFinal()));
        return [.. newestFirst.Where((run, index) => !kept.Contains(run)
            && (index >= (keepRuns ?? int.MaxValue) || (keepFor is { } age && now - run.Job.QueuedAt > age)))];
    }
}
