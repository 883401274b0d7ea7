using System.Text.RegularExpressions;

namespace Cion.Tests.Support;

/// <summary>Reads Prometheus's text exposition format (0.0.4) as a scraper would: line by line, strictly.</summary>
public static partial class PrometheusText
{
    /// <summary>Every line that breaks the format, with why; empty for a valid exposition.</summary>
    public static IReadOnlyList<string> Problems(string text)
    {
        var problems = new List<string>();
        if (!text.EndsWith('\n')) problems.Add("the text does not end with a line break");
        var typed = new Dictionary<string, string>();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (Help().IsMatch(line)) continue;
            if (Type().Match(line) is { Success: true } type)
            {
                if (!typed.TryAdd(type.Groups["name"].Value, type.Groups["type"].Value)) problems.Add($"a second TYPE: {line}");
                continue;
            }
            if (Sample().Match(line) is not { Success: true } sample) { problems.Add($"not a sample, HELP or TYPE line: '{line}'"); continue; }
            var name = sample.Groups["name"].Value;
            if (!typed.ContainsKey(name) && !typed.ContainsKey(HistogramBase().Replace(name, "")))
                problems.Add($"a sample before its TYPE: {line}");
        }
        return problems;
    }

    /// <summary>The value of the one sample written exactly as <paramref name="series"/> (<c>name{a="b"}</c>), or null when there is none.</summary>
    public static string? Value(string text, string series) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))?[(series.Length + 1)..];

    /// <summary>The lines without the sample named <paramref name="name"/>, for comparing two writes apart from a gauge that drifts between them.</summary>
    public static string Without(string text, string name) =>
        string.Join('\n', text.Split('\n').Where(l => !l.StartsWith(name + " ", StringComparison.Ordinal)));

    private const string MetricName = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    // A label value escapes only backslash, double quote and line break.
    private const string Label = @"[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\[\\""n])*""";
    private const string Number = @"(?:-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|NaN|\+Inf|-Inf)";

    [GeneratedRegex("^# HELP " + MetricName + " .*$")]
    private static partial Regex Help();

    [GeneratedRegex("^# TYPE (?<name>" + MetricName + ") (?<type>counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex Type();

    [GeneratedRegex("^(?<name>" + MetricName + @")(?:\{" + Label + "(?:," + Label + @")*\})? " + Number + "(?: -?[0-9]+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramBase();
}
