using Cion.Core.State;

namespace Cion.Core.Queries;

/// <summary>One repo's ledger for one environment, as read back from <c>STATE/deployments/</c>.</summary>
public sealed record Deployments(string Repo, string Environment, IReadOnlyDictionary<string, string>? Current, IReadOnlyList<HistoryLine> History);

/// <summary>One line of a ledger's <c>history</c>: <c>TIME SHA REF STATUS RUN_DIR</c>.</summary>
public sealed record HistoryLine(string Time, string Sha, string Ref, string Status, string RunDir)
{
    public static HistoryLine? Parse(string line)
    {
        var parts = line.Split(' ', 5);
        return parts.Length == 5 ? new HistoryLine(parts[0], parts[1], parts[2], parts[3], parts[4]) : null;
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
