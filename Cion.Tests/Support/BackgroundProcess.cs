using System.Diagnostics;
using System.Text;

namespace Cion.Tests.Support;

/// <summary>
/// A real program left running in the background (ciond, cion-web), its stdout and stderr
/// gathered line by line as it prints them, stopped the way a service manager stops it.
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process) => _process = process;

    /// <summary>Everything printed so far, both streams, in the order the lines arrived.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    /// <summary>Whether <see cref="Stop"/> had to kill it: it was still running when the time was up.</summary>
    public bool WasKilled { get; private set; }

    public static BackgroundProcess Start(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var started = new BackgroundProcess(new Process { StartInfo = start });
        started._process.OutputDataReceived += (_, e) => started.Append(e.Data);
        started._process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        started._process.Start();
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for the exit (and the last of its output) and returns the exit code.</summary>
    public int WaitForExit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as systemd stops a service; killed if it has not exited within <paramref name="timeout"/>. Returns the exit code.</summary>
    public int Stop(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Shell.Run("kill", "-TERM", _process.Id.ToString());
            if (!_process.WaitForExit(timeout))
            {
                WasKilled = true;
                _process.Kill(entireProcessTree: true);
            }
        }
        return WaitForExit();
    }

    /// <summary>SIGKILL: the program dies on the spot, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Kills what is still running, with its children, and releases the process.</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
