namespace Cion.Bench.Support;

/// <summary>
/// BENCHMARKS.md: the suite rewrites only the part between its two markers; what people wrote
/// around it (what was profiled, what was fixed and what each fix changed) stays.
/// </summary>
public static class BenchmarksFile
{
    public const string Begin = "<!-- results: written by make bench; edit outside these markers -->";
    public const string End = "<!-- end of results -->";

    public static void Write(string path, string results)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : $"# Benchmarks\n\n{Begin}\n{End}\n";
        var (begin, end) = (text.IndexOf(Begin, StringComparison.Ordinal), text.IndexOf(End, StringComparison.Ordinal));
        if (begin < 0 || end < begin) throw new InvalidOperationException($"{path} lacks the markers {Begin} ... {End}");
        File.WriteAllText(path, text[..(begin + Begin.Length)] + "\n" + results.TrimEnd() + "\n" + text[end..]);
    }
}
