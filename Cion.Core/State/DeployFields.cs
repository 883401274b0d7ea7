using Cion.Core.Jobs;

namespace Cion.Core.State;

/// <summary>
/// Pure: what the deployment ledger adds for a release made by <c>cion deploy</c> or <c>cion rollback</c>:
/// who asked, why, and which earlier job's build went out. A push's own release adds nothing, so
/// ledgers written before deploys existed read the same. Appended at the end of a history line so
/// that readers taking its first five fields keep working; the reason runs to the line's end.
/// </summary>
public static class DeployFields
{
    public const string KindKey = "kind", ByKey = "by", SourceJobKey = "source_job", ReasonKey = "reason";

    public static string HistorySuffix(Job job) => job.Deploy is { } d
        ? $" {KindKey}={d.Kind} {ByKey}={job.PushedBy} {SourceJobKey}={d.Source.Value} {ReasonKey}={OneLine(d.Reason)}" : "";

    public static string CurrentLines(Job job) => job.Deploy is { } d
        ? $"{KindKey}={d.Kind}\n{ByKey}={job.PushedBy}\n{SourceJobKey}={d.Source.Value}\n{ReasonKey}={OneLine(d.Reason)}\n" : "";

    /// <summary>Splits a history line's run dir from the fields after it (none for a push's release).</summary>
    public static (string RunDir, IReadOnlyDictionary<string, string> Fields) SplitHistoryTail(string tail)
    {
        var at = tail.IndexOf($" {KindKey}=", StringComparison.Ordinal);
        if (at < 0) return (tail, new Dictionary<string, string>());
        var fields = new Dictionary<string, string>();
        var rest = tail[(at + 1)..];
        while (rest.Length > 0)
        {
            var eq = rest.IndexOf('=');
            if (eq <= 0) break;
            var key = rest[..eq];
            var space = key == ReasonKey ? -1 : rest.IndexOf(' ', eq);
            fields[key] = space < 0 ? rest[(eq + 1)..] : rest[(eq + 1)..space];
            rest = space < 0 ? "" : rest[(space + 1)..];
        }
        return (tail[..at], fields);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
