using System.Runtime.CompilerServices;

namespace Cion.Tests.Support;

/// <summary>A folder for one test, named after it, removed when disposed (like serilog-sinks-file's TempFolder).</summary>
public sealed class TempDir : IDisposable
{
    private static readonly string Base = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cion-tests", TestRun.Id);

    public string Path { get; }

    private TempDir(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public static TempDir ForCaller([CallerMemberName] string caller = "", [CallerFilePath] string file = "") =>
        Named(caller, System.IO.Path.GetFileNameWithoutExtension(file));

    public static TempDir Named(string test, string group, string? under = null) =>
        new(System.IO.Path.Combine(under ?? Base, $"{group}-{Sanitize(test)}-{Guid.NewGuid().ToString("N")[..8]}"));

    private static string Sanitize(string name) => new([.. name.Take(60).Select(c => char.IsLetterOrDigit(c) ? c : '_')]);

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is being torn down; the OS temp cleaner gets it.
        }
    }
}
