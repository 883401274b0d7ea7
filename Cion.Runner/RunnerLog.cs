using System.Globalization;

namespace Cion.Runner;

/// <summary>One line per event on stdout, where <c>docker service logs</c> finds it. Never a key or a secret's content.</summary>
internal static class RunnerLog
{
    private static readonly Lock Gate = new();

    public static void Line(string text)
    {
        lock (Gate) Console.Out.WriteLine($"{DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} {text}");
    }
}
