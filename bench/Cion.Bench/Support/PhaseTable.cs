namespace Cion.Bench.Support;

/// <summary>
/// Where jobs' time goes: the medians of the phases their result files record (<c>NAME_ms</c>), over
/// many jobs, as a one-row markdown table. A phase a job did not record is left out of its median.
/// </summary>
public sealed class PhaseTable(params string[] phases)
{
    private readonly Dictionary<string, List<double>> _samples = phases.ToDictionary(p => p, _ => new List<double>());

    public void Add(IReadOnlyDictionary<string, string> result)
    {
        foreach (var phase in phases)
            if (Results.Ms(result, phase + "_ms") is var ms && !double.IsNaN(ms)) _samples[phase].Add(ms);
    }

    public string Markdown() => $"""
        | {string.Join(" | ", phases)} |
        |{string.Concat(phases.Select(_ => "---|"))}
        | {string.Join(" | ", phases.Select(p => _samples[p].Count == 0 ? "–" : Stats.Fmt(new Stats(_samples[p]).Median)))} |
        """;
}
