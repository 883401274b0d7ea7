using System.Text.RegularExpressions;

namespace Cion.Bench.Support;

/// <summary>
/// A build step that prints a line every 100 ms, each carrying the moment it was printed, so a
/// reader of the log (the file, or cion-web's event stream) can tell how late it sees each line.
/// The test image's busybox <c>date</c> has no <c>%N</c>, and <c>ts</c> buffers its output;
/// <c>adjtimex</c> reads the wall clock (shared with the host: one kernel) to the microsecond.
/// It prints the kernel's <c>time.tv_usec</c> as it is, which holds nanoseconds while the clock's
/// status has STA_NANO set (an NTP daemon's choice, and it can change between runs), so each
/// line carries the status too.
/// </summary>
public static partial class StampedLog
{
    /// <summary>The .cion.yml: the build prints <paramref name="lines"/> stamped lines, the release runs <c>true</c>.</summary>
    public static string Config(int lines, string timeout = "20m") => $"""
        build:
          image: {Paths.Busybox}
          docker: false
          timeout: {timeout}
          cmd: 'i=0; while [ $i -lt {lines} ]; do t=$(adjtimex | grep -E "status|tv_"); echo stamped $i $t; i=$((i+1)); usleep 100000; done'
        release:
          image: {Paths.Busybox}
          cmd: "true"

        """;

    /// <summary>Every stamped line in <paramref name="text"/> (a log, or the HTML of an event): its number and when it was printed.</summary>
    public static IEnumerable<(int Index, DateTimeOffset Printed)> Parse(string text)
    {
        foreach (Match m in Line().Matches(text))
        {
            var fraction = long.Parse(m.Groups[4].Value);
            var ticks = (int.Parse(m.Groups[2].Value) & StaNano) != 0 ? fraction / 100 : fraction * 10;
            yield return (int.Parse(m.Groups[1].Value), DateTimeOffset.FromUnixTimeSeconds(long.Parse(m.Groups[3].Value)).AddTicks(ticks));
        }
    }

    /// <summary>The clock status bit (linux/timex.h) that makes <c>tv_usec</c> a count of nanoseconds.</summary>
    private const int StaNano = 0x2000;

    [GeneratedRegex(@"stamped (\d+) status: (\d+).*?time\.tv_sec: (\d+) time\.tv_usec: (\d+)")]
    private static partial Regex Line();
}
