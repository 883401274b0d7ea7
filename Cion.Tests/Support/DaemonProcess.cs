namespace Cion.Tests.Support;

/// <summary>A real <c>ciond</c> process on a test's config, started and stopped the way an operator would.</summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly BackgroundProcess _process;

    private DaemonProcess(BackgroundProcess process) => _process = process;

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public static DaemonProcess Start(string configPath)
    {
        var daemon = new DaemonProcess(BackgroundProcess.Start(Binaries.Ciond, "--config", configPath));
        Wait.Until(() => daemon.Output.Contains(" ready: ") || daemon.HasExited, "ciond to report ready");
        if (daemon.HasExited) throw new InvalidOperationException($"ciond exited at start:\n{daemon.Output}");
        return daemon;
    }

    /// <summary>SIGTERM, as systemd stops a service, then wait for a clean exit.</summary>
    public int Stop() => _process.Stop(TimeSpan.FromSeconds(90));

    /// <summary>SIGKILL: the daemon dies on the spot, as in a crash or an OOM kill.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
