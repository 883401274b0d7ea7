using System.Diagnostics;
using System.Text;

namespace Cion.Tests.Support;

/// <summary>A real <c>ciond</c> process on a test's config, started and stopped the way an operator would.</summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    public static DaemonProcess Start(string configPath)
    {
        var start = new ProcessStartInfo(Binaries.Ciond) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        var daemon = new DaemonProcess(new Process { StartInfo = start });
        daemon._process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        daemon._process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        daemon._process.Start();
        daemon._process.BeginOutputReadLine();
        daemon._process.BeginErrorReadLine();
        Wait.Until(() => daemon.Output.Contains(" ready: ") || daemon.HasExited, "ciond to report ready");
        if (daemon.HasExited) throw new InvalidOperationException($"ciond exited at start:\n{daemon.Output}");
        return daemon;
    }

    /// <summary>SIGTERM, as systemd stops a service, then wait for a clean exit.</summary>
    public int Stop()
    {
        if (!_process.HasExited)
        {
            Shell.Run("kill", "-TERM", _process.Id.ToString());
            if (!_process.WaitForExit(TimeSpan.FromSeconds(90))) _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the daemon dies on the spot, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

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
