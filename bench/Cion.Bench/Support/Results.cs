using System.Globalization;
using Cion.Core.Jobs;
using Cion.Core.Queries;

namespace Cion.Bench.Support;

/// <summary>Reads what a job left in the state directory, as a user would: the status and result files.</summary>
public static class Results
{
    public static string? Status(string commitDir) => TryRead(Path.Combine(commitDir, "status"))?.Trim();

    public static bool IsFinal(string commitDir) =>
        JobStateWords.TryParse(Status(commitDir) ?? "", out var state) && state.IsFinal();

    /// <summary>Polls the status file (cheap: one small read) until it holds a final word.</summary>
    public static string WaitForFinal(string commitDir, TimeSpan timeout, int pollMs = 2)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!IsFinal(commitDir))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no final status in {commitDir} after {timeout}");
            Thread.Sleep(pollMs);
        }
        return Status(commitDir)!;
    }

    public static IReadOnlyDictionary<string, string> Result(string commitDir) =>
        KeyValueText.Parse(TryRead(Path.Combine(commitDir, "result")) ?? throw new FileNotFoundException($"no result in {commitDir}"));

    /// <summary>The id of the run the folder holds (a commit's folder: its latest run), from its <c>job</c> file.</summary>
    public static string JobId(string dir) => KeyValueText.Parse(File.ReadAllText(Path.Combine(dir, "job")))["id"];

    public static DateTimeOffset Time(IReadOnlyDictionary<string, string> result, string key) =>
        DateTimeOffset.Parse(result[key], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static double Ms(IReadOnlyDictionary<string, string> result, string key) =>
        result.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : double.NaN;

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }
}
