using System.Text;

namespace Cion.Bench.Support;

/// <summary>One line of the summary table: cion's figure, its reference from the same run, and the goal.</summary>
public sealed record Row(string What, string Cion, string Reference, string Ratio, string Goal, bool? Met);

/// <summary>What the suite found: the summary rows and, per benchmark, the details behind them.</summary>
public sealed class Report
{
    private readonly List<Row> _rows = [];
    private readonly StringBuilder _details = new();

    public void Add(Row row)
    {
        _rows.Add(row);
        Console.WriteLine($"  {row.What}: cion {row.Cion}; reference {row.Reference}; ratio {row.Ratio}; goal {row.Goal}: {Verdict(row.Met)}");
    }

    public void Detail(string heading, string markdown)
    {
        _details.Append("### ").Append(heading).Append("\n\n").Append(markdown.TrimEnd()).Append("\n\n");
    }

    public string Markdown(string machine, string command, DateTimeOffset when)
    {
        var text = new StringBuilder();
        text.Append($"Measured {when:yyyy-MM-dd HH:mm} UTC on {machine}, by `{command}`.\n\n");
        text.Append("| what | cion | reference (same run) | ratio | goal | |\n|---|---|---|---|---|---|\n");
        foreach (var row in _rows)
            text.Append($"| {row.What} | {row.Cion} | {row.Reference} | {row.Ratio} | {row.Goal} | {Verdict(row.Met)} |\n");
        text.Append("\nFigures are medians with the 10th–90th percentile in brackets unless the row says otherwise.\n\n");
        text.Append(_details);
        return text.ToString();
    }

    private static string Verdict(bool? met) => met switch { true => "met", false => "**missed**", null => "reported" };
}
