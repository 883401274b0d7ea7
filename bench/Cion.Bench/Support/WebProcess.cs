using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cion.Bench.Support;

/// <summary>
/// The real <c>cion-web</c> on a site's config, listening on a free loopback port; ready once it
/// prints its "listening on" line, stopped with SIGTERM when disposed.
/// </summary>
public sealed class WebProcess : IDisposable
{
    private readonly Process _process;

    public Uri Base { get; }
    public int Pid => _process.Id;

    private WebProcess(Process process, Uri baseUri) => (_process, Base) = (process, baseUri);

    public static WebProcess Start(Site site)
    {
        var listen = $"127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo(Paths.CionWeb) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--config", site.ConfigPath, "--listen", listen }) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource();
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("cion-web: listening on ", StringComparison.Ordinal) == true) ready.TrySetResult(); };
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var web = new WebProcess(process, new Uri($"http://{listen}/"));
        if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            web.Dispose();
            lock (errors) throw new TimeoutException($"cion-web did not say it was listening:\n{errors}");
        }
        return web;
    }

    public Uri Url(string path) => new(Base, path.TrimStart('/'));

    /// <summary>A port nobody listens on now (the kernel's pick); cion-web binds it a moment later.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
