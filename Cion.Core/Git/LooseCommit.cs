using System.IO.Compression;
using System.Text;

namespace Cion.Core.Git;

/// <summary>
/// Reads a commit's message straight from the bare repo's loose object file, for the hook's
/// skip markers. git unpacks a push of fewer than <c>receive.unpackLimit</c> (100) objects
/// into loose objects, so this finds the pushed commit in the common case without starting
/// a git process (about 2 ms of a push). Anything else (a packed object, a tag, an unreadable
/// file) returns null and the caller asks git.
/// </summary>
public static class LooseCommit
{
    /// <summary>Enough for any commit header plus a message worth scanning for a marker; the rest is not read.</summary>
    private const int MaxBytes = 1 << 20;

    public static string? TryReadMessage(string repoPath, string sha)
    {
        if (!RefUpdate.IsSha(sha)) return null;
        var path = Path.Combine(repoPath, "objects", sha[..2], sha[2..]);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            using var inflated = new ZLibStream(file, CompressionMode.Decompress);
            // Grown as read: a commit is usually well under a kilobyte, and the hook reads one per updated ref.
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while (buffer.Length < MaxBytes && (read = inflated.Read(chunk, 0, chunk.Length)) > 0) buffer.Write(chunk, 0, read);
            return MessageOf(buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, MaxBytes)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null; // not loose (packed), unreadable or damaged: git knows better
        }
    }

    /// <summary>Pure: <c>commit SIZE\0headers\n\nmessage</c> → message; null for any other object.</summary>
    public static string? MessageOf(ReadOnlySpan<byte> obj)
    {
        if (!obj.StartsWith("commit "u8)) return null;
        var nul = obj.IndexOf((byte)0);
        if (nul < 0) return null;
        var body = obj[(nul + 1)..];
        var gap = body.IndexOf("\n\n"u8);
        return gap < 0 ? "" : Encoding.UTF8.GetString(body[(gap + 2)..]);
    }
}
