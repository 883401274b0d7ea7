using Cion.Core.Config;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Metrics;

/// <summary>
/// Writes <see cref="CionMetrics"/> out as whole files, each replaced by a rename so a reader sees
/// the old one or the new one: always <c>STATE/metrics.prom</c> (which cion-web serves at
/// <c>/metrics</c>), and <c>metrics.textfile</c> when the config names one, for node_exporter.
/// At once after every change, and every <see cref="RefreshInterval"/> for the gauges that drift (memory).
/// </summary>
public sealed class MetricsTextFile(CionMetrics metrics, StateLayout layout, ServerConfig config, ILogger<MetricsTextFile> logger)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    // Paths whose last write failed: said once in the log until a write works again, not every 15 s.
    private readonly HashSet<string> _failing = [];

    /// <summary>Writes until <paramref name="stopping"/>. A file that cannot be written is logged and tried again; it never stops the daemon.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await WriteAsync();
            try { await metrics.Changed.WaitAsync(RefreshInterval, stopping); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task WriteAsync()
    {
        var text = await metrics.ExportAsync();
        Directory.CreateDirectory(layout.Root);
        Write(layout.Metrics, text);
        if (config.MetricsTextFile is { } textfile) Write(textfile, text);
    }

    private void Write(string path, string text)
    {
        try
        {
            AtomicFile.WriteAllText(path, text);
            if (_failing.Remove(path)) logger.LogInformation("metrics: writing {Path} works again", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (_failing.Add(path))
                logger.LogWarning("metrics: cannot write {Path}: {Reason}; trying again every {Seconds} s", path, e.Message, RefreshInterval.TotalSeconds);
        }
    }
}
