using Cion.Web.Routing;
using Cion.Web.Security;

namespace Cion.Web.Pages;

/// <summary>One run in full: its fields, timings, logs so far, artifacts and the other runs of its commit.</summary>
public sealed record JobModel(SiteLinks Links, RunView View, IReadOnlyDictionary<string, string> Commit,
    IReadOnlyList<(string Phase, string Took)> Phases, IReadOnlyList<LogView> Logs, IReadOnlyList<Artifact> Artifacts,
    IReadOnlyList<RunView> OtherRuns, string EventsUrl, string Cursor);

/// <summary>A log as the page first shows it: HTML of its complete lines (the tail, when it is long) and where it ends.</summary>
public sealed record LogView(string Name, string Html, bool Exists, bool Truncated, string PlainUrl);
