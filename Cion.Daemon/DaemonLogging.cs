using Cion.Core.Config;
using Serilog;
using Serilog.Events;

namespace Cion.Daemon;

/// <summary>
/// The daemon's own log: to the console (journald picks it up under systemd) and to a
/// daily rolling file <c>LOG/ciond-YYYYMMDD.log</c>. Per-job detail goes to each job's
/// <c>cion.log</c> instead; this log says what the daemon as a whole did.
/// </summary>
internal static class DaemonLogging
{
    public const string FileNamePattern = "ciond-.log";

    public static ILogger Create(ServerConfig config)
    {
        Directory.CreateDirectory(config.Log);
        return new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Console(outputTemplate: "{Level:u3} {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(config.Log, FileNamePattern), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
                outputTemplate: "{Timestamp:yyyy-MM-dd'T'HH:mm:ss.fffzzz} {Level:u3} {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
    }
}
