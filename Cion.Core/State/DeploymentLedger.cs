using System.Globalization;
using Cion.Core.Jobs;
using Cion.Core.Metrics;
using Cion.Core.Queries;

namespace Cion.Core.State;

/// <summary>
/// What was deployed where: <c>STATE/deployments/REPO/ENV/current</c> (<c>key=value</c>, the last
/// release that succeeded) and <c>…/history</c> (one line per release attempt:
/// <c>TIME SHA REF STATUS RUN_DIR</c>, and for a <c>cion deploy</c> or <c>rollback</c> then
/// <c>kind=… by=… source_job=… reason=…</c>, the reason last and running to the line's end).
/// <c>…/by-ref/REF</c> (slashes as <c>%2F</c>) keeps each ref's
/// last successful release, for "newest wins" when releases of several refs interleave. Only this
/// daemon writes it; releases to one repo and environment are serialized by <see cref="ReleaseGate"/>,
/// so no two writers race on a file.
/// </summary>
public sealed class DeploymentLedger(StateLayout layout, CionMetrics? metrics = null)
{
    public const string CurrentName = "current", HistoryName = "history";
    public const string Succeeded = "succeeded", Failed = "failed", Superseded = "superseded",
        Cancelled = "cancelled", Error = "error";
    private const string ByRefDir = "by-ref";

    public string Dir(string repo, string environment) => Path.Combine(layout.Deployments, layout.CheckedRepo(repo), environment);

    public IReadOnlyDictionary<string, string>? Current(string repo, string environment)
    {
        var path = Path.Combine(Dir(repo, environment), CurrentName);
        return File.Exists(path) ? KeyValueText.Parse(File.ReadAllText(path)) : null;
    }

    /// <summary>A newer push of the same ref that already released successfully to this environment, if any.</summary>
    public IReadOnlyDictionary<string, string>? NewerSuccessOf(Job job, string environment)
    {
        var path = ByRef(job.Repo, environment, job.Ref);
        if (!File.Exists(path)) return null;
        var last = KeyValueText.Parse(File.ReadAllText(path));
        return DateTimeOffset.TryParse(last.GetValueOrDefault("queued_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var queuedAt)
            && queuedAt > job.QueuedAt ? last : null;
    }

    private string ByRef(string repo, string environment, string gitRef) =>
        Path.Combine(Dir(repo, environment), ByRefDir, gitRef.Replace("%", "%25").Replace("/", "%2F"));

    public void Record(Job job, string environment, string status, RunPaths run, DateTimeOffset at)
    {
        var dir = Dir(job.Repo, environment);
        Directory.CreateDirectory(dir);
        var time = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        // One short append per attempt: lines from one writer at a time (the gate) never interleave.
        File.AppendAllText(Path.Combine(dir, HistoryName), $"{time} {job.New} {job.Ref} {status} {run.Dir}{DeployFields.HistorySuffix(job)}\n");
        metrics?.ReleaseRecorded(job.Repo, environment, status);
        if (status != Succeeded) return;
        var current = string.Concat(
            $"sha={job.New}\n", $"ref={job.Ref}\n", $"job={job.Id.Value}\n", $"status={status}\n", $"deployed_at={time}\n",
            $"queued_at={job.QueuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)}\n",
            $"run={run.Dir}\n", DeployFields.CurrentLines(job));
        AtomicFile.WriteAllText(Path.Combine(dir, CurrentName), current);
        Directory.CreateDirectory(Path.Combine(dir, ByRefDir));
        AtomicFile.WriteAllText(ByRef(job.Repo, environment, job.Ref), current);
    }
}
