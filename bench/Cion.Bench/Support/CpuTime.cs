namespace Cion.Bench.Support;

/// <summary>The CPU time a process has used so far (user + system), from /proc.</summary>
public static class CpuTime
{
    /// <summary>Kernel clock ticks per second (USER_HZ): 100 on every Linux the suite runs on.</summary>
    private const double TicksPerSecond = 100;

    public static double Seconds(int pid)
    {
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
    }
}
