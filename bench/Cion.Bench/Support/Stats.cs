namespace Cion.Bench.Support;

/// <summary>Pure: a distribution of samples (milliseconds), summarized by ranks, never by a mean alone.</summary>
public sealed class Stats
{
    private readonly double[] _sorted;

    public Stats(IEnumerable<double> samples)
    {
        _sorted = [.. samples.Order()];
        if (_sorted.Length == 0) throw new ArgumentException("no samples");
    }

    public int Count => _sorted.Length;
    public double Min => _sorted[0];
    public double Max => _sorted[^1];
    public double Median => Percentile(50);

    /// <summary>Nearest-rank percentile: the smallest sample at or above p percent of them.</summary>
    public double Percentile(double p)
    {
        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    /// <summary>"median (p10–p90)", the spread a noisy machine leaves.</summary>
    public string Describe(string unit = "ms") => $"{Fmt(Median)} {unit} ({Fmt(Percentile(10))}–{Fmt(Percentile(90))})";

    public static string Fmt(double value) => value >= 100 ? value.ToString("0") : value >= 10 ? value.ToString("0.0") : value.ToString("0.00");
}
