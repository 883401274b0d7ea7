using System.Globalization;

namespace Cion.Tests.Support;

/// <summary>
/// When a test release ran, as it wrote it to release.log: <c>start T</c> and <c>end T</c> lines, each T the kernel's
/// uptime (/proc/uptime), which every container on this machine reads alike, Swarm nodes included.
/// </summary>
public static class ReleaseSpan
{
    /// <summary>A release command that writes those lines around a sleep.</summary>
    public static string Command(string sleep = "2") =>
        $"echo start $(cut -d\" \" -f1 /proc/uptime); sleep {sleep}; echo end $(cut -d\" \" -f1 /proc/uptime)";

    public static (double Start, double End) Of(string releaseLog)
    {
        var lines = releaseLog.Split('\n');
        double At(string word) => double.Parse(lines.First(l => l.StartsWith(word + " ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);
        return (At("start"), At("end"));
    }
}
