using Cion.Core.State;

namespace Cion.Core.Queries;

/// <summary>One repo's ledger for one environment, as read back from <c>STATE/deployments/</c>.</summary>
public sealed record Deployments(string Repo, string Environment, IReadOnlyDictionary<string, string>? Current, IReadOnlyList<HistoryLine> History);

/// <summary>
/// One line of a ledger's <c>history</c>: <c>TIME SHA REF STATUS RUN_DIR</c>, then for a deploy or a
/// rollback its <see cref="DeployFields"/> (<see cref="Kind"/> is <c>push</c> for a push's own release).
/// </summary>
public sealed record HistoryLine(string Time, string Sha, string Ref, string Status, string RunDir)
{
    public string Kind { get; init; } = Jobs.DeployRequest.Push;
    public string? By { get; init; }
    public string? SourceJob { get; init; }
    public string? Reason { get; init; }

    /// <summary>The job whose build this line released: the deploy's source job, or the run's own.</summary>
    public string BuildJob => SourceJob ?? Path.GetFileName(RunDir);

    public static HistoryLine? Parse(string line)
    {
        var parts = line.Split(' ', 5);
        if (parts.Length != 5) return null;
        var (runDir, fields) = DeployFields.SplitHistoryTail(parts[4]);
        return new HistoryLine(parts[0], parts[1], parts[2], parts[3], runDir)
        {
            Kind = fields.GetValueOrDefault(DeployFields.KindKey, Jobs.DeployRequest.Push),
            By = fields.GetValueOrDefault(DeployFields.ByKey),
            SourceJob = fields.GetValueOrDefault(DeployFields.SourceJobKey),
            Reason = fields.GetValueOrDefault(DeployFields.ReasonKey),
        };
    }
}

/// <summary>Reads the deployment ledger back (see <see cref="DeploymentLedger"/>).</summary>
public sealed class DeploymentReader(StateLayout layout)
{
    public IEnumerable<Deployments> Environments(string? repo = null)
    {
        var root = repo is null ? layout.Deployments : Path.Combine(layout.Deployments, layout.CheckedRepo(repo));
        if (!Directory.Exists(root)) yield break;
        // An environment folder is one holding a history file; its parent path is the repo.
        foreach (var history in Directory.EnumerateFiles(root, DeploymentLedger.HistoryName, SearchOption.AllDirectories).Order())
        {
            var dir = Path.GetDirectoryName(history)!;
            var repoName = Path.GetRelativePath(layout.Deployments, Path.GetDirectoryName(dir)!);
            var current = Path.Combine(dir, DeploymentLedger.CurrentName);
            yield return new Deployments(repoName, Path.GetFileName(dir),
                File.Exists(current) ? KeyValueText.Parse(File.ReadAllText(current)) : null,
                [.. File.ReadLines(history).Select(HistoryLine.Parse).OfType<HistoryLine>()]);
        }
    }
}
