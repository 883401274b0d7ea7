using System.Globalization;
using Cion.Core.Queries;

namespace Cion.Core.State;

/// <summary>
/// A run's <c>progress</c> file: which step containers were started and which exits were
/// recorded (<c>build=started</c>, <c>build_exit=0</c>, …). It is what lets a restarted daemon
/// adopt a run instead of running it again: a step is started a second time only when it was
/// started, its container is gone and no exit was recorded, and cion.log then says so.
/// Written atomically; one job's flow writes it.
/// </summary>
public sealed class StepProgress(string path)
{
    private const string Started = "started";

    public bool AnyStarted => Read().Count > 0;

    public bool WasStarted(string step) => Read().ContainsKey(step);

    public int? RecordedExit(string step) =>
        Read().TryGetValue($"{step}_exit", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var exit) ? exit : null;

    /// <summary>Written before the container is created: from here on a restart looks for it.</summary>
    public void MarkStarted(string step) => Write(step, Started);

    public void MarkExited(string step, int exit) => Write($"{step}_exit", exit.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether this run's release attempt is already in the deployment ledger (written once, even across restarts).</summary>
    public bool LedgerRecorded => Read().ContainsKey("ledger");

    public void MarkLedgerRecorded() => Write("ledger", "recorded");

    private Dictionary<string, string> Read() => File.Exists(path) ? KeyValueText.Parse(File.ReadAllText(path)) : [];

    private void Write(string key, string value)
    {
        var values = Read();
        values[key] = value;
        AtomicFile.WriteAllText(path, string.Concat(values.Select(kv => $"{kv.Key}={kv.Value}\n")));
    }
}
