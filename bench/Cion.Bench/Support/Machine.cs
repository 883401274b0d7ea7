namespace Cion.Bench.Support;

/// <summary>One line saying what the numbers were measured on.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var engine = TryRun("docker", "version", "-f", "{{.Server.Version}}");
        return $"{Environment.ProcessorCount} cores ({cpu}), {memKb / 1024 / 1024.0:0} GiB, Linux {kernel}, dockerd {engine}, .NET {Environment.Version}";
    }

    private static string TryRun(string program, params string[] args)
    {
        try { return Proc.Run(program, args).Trim(); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { return "unknown"; }
    }
}
