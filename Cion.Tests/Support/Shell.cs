using System.Diagnostics;

namespace Cion.Tests.Support;

/// <summary>Runs a real program (git, docker, cion) and collects what it printed.</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    public static Result Run(string program, IEnumerable<string> args, string? workingDir = null,
        IDictionary<string, string?>? env = null, string? stdin = null, bool clearEnvironment = false)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = workingDir ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (clearEnvironment) start.Environment.Clear();
        foreach (var (key, value) in env ?? new Dictionary<string, string?>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within 2 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result Run(string program, params string[] args) => Run(program, args, null);

    /// <summary>Runs and fails the test when the program fails, showing its output.</summary>
    public static Result Check(string program, IEnumerable<string> args, string? workingDir = null, IDictionary<string, string?>? env = null)
    {
        var result = Run(program, args, workingDir, env);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}");
        return result;
    }
}
