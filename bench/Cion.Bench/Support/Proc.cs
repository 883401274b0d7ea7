using System.Diagnostics;

namespace Cion.Bench.Support;

/// <summary>Runs a real program and says how long it took; a failure stops the benchmark with its output.</summary>
public static class Proc
{
    public static string Run(string program, IEnumerable<string> args, string? workingDir = null, IDictionary<string, string>? env = null) =>
        Timed(program, args, workingDir, env).Output;

    public static (double Ms, string Output) Timed(string program, IEnumerable<string> args, string? workingDir = null, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = workingDir ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var ms = clock.Elapsed.TotalMilliseconds;
        var output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}:\n{output}");
        return (ms, output);
    }

    public static void Git(string dir, params string[] args) => Run("git", args, dir);
}
