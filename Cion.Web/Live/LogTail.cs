using System.Text;
using Cion.Web.Rendering;

namespace Cion.Web.Live;

/// <summary>
/// Reads a log from a byte offset and renders what it found, for the job page and its event
/// stream alike. Only whole lines are taken while the step runs (a line still being written is
/// read once it ends, so a UTF-8 character or an escape sequence is never cut), and at most
/// <see cref="MaxChunk"/> bytes at a time, so a huge log cannot make one answer huge.
/// </summary>
internal static class LogTail
{
    public const int MaxChunk = 256 * 1024;

    /// <summary>The HTML of the next lines after <paramref name="from"/>, and the position after them; null when there is nothing new.</summary>
    /// <param name="final">The run has ended: take the last line even without its newline.</param>
    public static (string Html, LogPosition Next)? Read(string path, LogPosition from, bool final)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            var length = stream.Length;
            // A log shorter than where we were was started again (a re-run): read it from the start.
            var start = length < from.Offset ? 0 : from.Offset;
            var count = (int)Math.Min(MaxChunk, length - start);
            if (count <= 0) return null;
            bytes = new byte[count];
            stream.Position = start;
            stream.ReadExactly(bytes);
            from = start == from.Offset ? from : new LogPosition(0, default);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
        var whole = bytes.Length == MaxChunk || !final ? Array.LastIndexOf(bytes, (byte)'\n') + 1 : bytes.Length;
        // One line longer than a whole chunk is cut rather than never shown.
        if (whole == 0 && bytes.Length == MaxChunk) whole = bytes.Length;
        if (whole == 0) return null;
        var html = new StringBuilder();
        var ansi = new AnsiHtml(from.Ansi);
        ansi.Append(Encoding.UTF8.GetString(bytes, 0, whole), html);
        return (html.ToString(), new LogPosition(from.Offset + whole, ansi.State));
    }

    /// <summary>Where to start showing a log of <paramref name="length"/> bytes so the page holds its last <paramref name="keep"/> bytes.</summary>
    public static long TailStart(string path, long keep)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length <= keep) return 0;
        // Start after the first newline past the cut, so the page begins with a whole line.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Position = info.Length - keep;
        var buffer = new byte[4096];
        var read = stream.Read(buffer);
        var newline = Array.IndexOf(buffer, (byte)'\n', 0, read);
        return info.Length - keep + (newline < 0 ? 0 : newline + 1);
    }
}
