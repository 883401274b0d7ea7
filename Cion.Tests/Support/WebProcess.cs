using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Cion.Tests.Support;

/// <summary>
/// A real <c>cion-web</c> on a test's config, listening on a free loopback port; stopped with
/// SIGTERM as systemd stops it. Its <see cref="BaseUrl"/> is the one it announces, base path included.
/// </summary>
public sealed partial class WebProcess : IDisposable
{
    /// <summary>cion-web stops in well under a second; one that takes this long has a bug, and is killed.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly BackgroundProcess _process;
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };

    private WebProcess(BackgroundProcess process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>What the page is served under, as cion-web announced it: <c>http://127.0.0.1:PORT/BASE/</c>, ending in a slash.</summary>
    public string BaseUrl { get; }

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts cion-web and waits for its 'listening on' line; fails with its output if it exits first.</summary>
    public static WebProcess Start(string configPath)
    {
        var process = BackgroundProcess.Start(Binaries.CionWeb, "--config", configPath, "--listen", $"127.0.0.1:{FreePort()}");
        var listening = Wait.Until(() => ListeningLine().Match(process.Output) is { Success: true } m ? m : process.HasExited ? Match.Empty : null,
            "cion-web to say it is listening");
        if (!listening.Success)
        {
            var code = process.WaitForExit();
            process.Dispose();
            throw new InvalidOperationException($"cion-web exited {code} before it listened:\n{process.Output}");
        }
        return new WebProcess(process, listening.Groups["url"].Value);
    }

    /// <summary>An address under <see cref="BaseUrl"/> (<c>jobs/x</c> or <c>/jobs/x</c>); an absolute URL is kept as it is.</summary>
    public Uri Url(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http") ? absolute : new Uri(BaseUrl + path.TrimStart('/'));

    public WebResponse Get(string path) => Send(HttpMethod.Get, path);

    /// <summary>Sends a request as a browser or curl would, redirects not followed, and reads the whole answer.</summary>
    public WebResponse Send(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, Url(path)) { Content = content };
        using var response = _http.Send(request);
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        return new WebResponse(response.StatusCode, headers, bytes);
    }

    /// <summary>SIGTERM, then a clean exit within 10 s or a kill; returns the exit code.</summary>
    public int Stop() => _process.Stop(StopTimeout);

    /// <summary>Stops it (see <see cref="Stop"/>); a kill is said in the test's output, not failed here, so it does not hide the test's own result.</summary>
    public void Dispose()
    {
        // Both a test and the site that started it may dispose it.
        if (_disposed) return;
        _disposed = true;
        Stop();
        if (_process.WasKilled)
            TestContext.Progress.WriteLine($"cion-web did not exit within {StopTimeout.TotalSeconds:F0} s of SIGTERM and was killed; its output:\n{Output}");
        _process.Dispose();
        _http.Dispose();
    }

    private bool _disposed;

    private static int FreePort()
    {
        // The port is free when the listener lets it go; another process could take it before
        // cion-web binds it, which on a test machine is rare enough to show as a failed start.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [GeneratedRegex(@"^cion-web: listening on (?<url>http://\S+/) \(state ", RegexOptions.Multiline)]
    private static partial Regex ListeningLine();
}
