namespace Cion.Bench.Support;

/// <summary>Samples a process's resident memory from /proc every 50 ms while it runs.</summary>
public sealed class MemorySampler : IDisposable
{
    private readonly int _pid;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peakKb;

    public MemorySampler(int pid)
    {
        _pid = pid;
        _thread = new Thread(Loop) { IsBackground = true };
        _thread.Start();
    }

    public double PeakMiB => Interlocked.Read(ref _peakKb) / 1024.0;

    /// <summary>VmRSS now, in MiB.</summary>
    public static double RssMiB(int pid) => Field(pid, "VmRSS:") / 1024.0;

    /// <summary>VmHWM: the highest VmRSS since the process started, as the kernel counts it.</summary>
    public static double HighWaterMiB(int pid) => Field(pid, "VmHWM:") / 1024.0;

    private void Loop()
    {
        while (!_stop)
        {
            var kb = Field(_pid, "VmRSS:");
            if (kb > Interlocked.Read(ref _peakKb)) Interlocked.Exchange(ref _peakKb, kb);
            Thread.Sleep(50);
        }
    }

    private static long Field(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(name, StringComparison.Ordinal))
                return long.Parse(line[name.Length..].Trim().Split(' ')[0]);
        return 0;
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
