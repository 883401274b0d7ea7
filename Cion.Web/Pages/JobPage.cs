using System.Text;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Web.Live;
using Cion.Web.Rendering;
using Cion.Web.Routing;
using Cion.Web.Security;

namespace Cion.Web.Pages;

/// <summary>Builds a job page's model from the run's files: fields, timings, the logs so far, artifacts, the commit's other runs.</summary>
internal static class JobPage
{
    /// <summary>The most of each log the page holds; the whole log is one click away as plain text.</summary>
    public const long LogShown = 1024 * 1024;

    /// <summary>The logs a run has, in the order a job writes them, with the names their files and streams use.</summary>
    public static readonly (string Name, Func<RunPaths, string> Path)[] Logs =
        [("build", r => r.BuildLog), ("test", r => r.TestLog), ("release", r => r.ReleaseLog), ("cion", r => r.CionLog)];

    public static JobModel Build(SiteState site, SiteLinks links, RunRecord run, DateTimeOffset now)
    {
        var view = RunView.Of(run, links, now);
        var final = view.IsFinal;
        var logs = new List<LogView>();
        var positions = new List<(string, LogPosition)>();
        foreach (var (name, pathOf) in Logs)
        {
            var path = pathOf(run.Paths);
            var start = LogTail.TailStart(path, LogShown);
            var (html, end) = ReadAll(path, new LogPosition(start, default), final);
            logs.Add(new LogView(name, html, File.Exists(path), start > 0, links.Log(run.Job.Repo, run.Job.Id.Value, name)));
            positions.Add((name, end));
        }
        return new JobModel(links, view, CommitFile.Read(run.Paths), Phases(run), logs, ArtifactFiles.List(run.Paths),
            OtherRuns(site, links, run, now), links.JobEvents(run.Job.Repo, run.Job.Id.Value), LogCursor.Format(positions));
    }

    private static (string Html, LogPosition End) ReadAll(string path, LogPosition from, bool final)
    {
        var html = new StringBuilder();
        while (LogTail.Read(path, from, final) is { } chunk)
        {
            html.Append(chunk.Html);
            from = chunk.Next;
        }
        return (html.ToString(), from);
    }

    /// <summary>
    /// Per-phase timings, in the order the result file lists them (<c>checkout_ms=…</c>, <c>build_ms=…</c>);
    /// the whole (<c>duration_ms</c>) is the job's "took" already.
    /// </summary>
    private static List<(string, string)> Phases(RunRecord run) =>
        [.. run.Result.Where(kv => kv.Key.EndsWith("_ms", StringComparison.Ordinal) && kv.Key != "duration_ms" && long.TryParse(kv.Value, out _))
            .Select(kv => (kv.Key[..^3].Replace('_', ' '), Milliseconds(long.Parse(kv.Value))))];

    /// <summary>Short phases in milliseconds (a checkout of 36 ms is not "0.0s"), longer ones as everywhere else.</summary>
    private static string Milliseconds(long ms) => ms < 1000 ? $"{ms} ms" : TimeText.Took(TimeSpan.FromMilliseconds(ms));

    /// <summary>Every run of the same commit (retries, re-pushes), newest first, this one included so the list shows where it stands.</summary>
    private static List<RunView> OtherRuns(SiteState site, SiteLinks links, RunRecord run, DateTimeOffset now)
    {
        var runs = Path.GetDirectoryName(run.Paths.Dir)!;
        if (!Directory.Exists(runs)) return [];
        return [.. Directory.EnumerateDirectories(runs).Order(StringComparer.Ordinal).Reverse().Take(50)
            .Select(dir => site.Runs.Read(new RunPaths(dir))).OfType<RunRecord>().Select(r => RunView.Of(r, links, now))];
    }
}
