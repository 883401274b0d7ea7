using Cion.Core.Metrics;
using Microsoft.Extensions.Hosting;

namespace Cion.Daemon;

/// <summary>Hosts Core's <see cref="MetricsTextFile"/>: writes the metrics files from the daemon's start to its stop.</summary>
internal sealed class MetricsWorker(MetricsTextFile files) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stopping) => files.RunAsync(stopping);
}
