using System.Globalization;
using System.Net;
using System.Text;

namespace Cion.Core.Swarm;

/// <summary>
/// Pure: the words of the link between ciond (the client) and cion-runner (the server on a Swarm node).
/// <list type="number">
/// <item>TLS 1.2 or 1.3; the runner presents its server certificate and requires ciond's client
/// certificate; each end accepts only the other's pinned certificate (<see cref="RunnerKeys"/>).</item>
/// <item>ciond sends one line, at most <see cref="MaxLineBytes"/> bytes with its <c>\n</c>:
/// <c>docker\n</c> (a pipe to the node's /var/run/docker.sock) or <c>tcp IP PORT\n</c> (a pipe to that
/// address, which must be a container of the runner's job and owner on its node), or <c>fill VOLUME\n</c> /
/// <c>read VOLUME\n</c> (a volume of the runner's job on its node, filled from or read into a tar archive).</item>
/// <item>The runner answers <c>ok\n</c>, or <c>refused REASON\n</c> and closes.</item>
/// <item>After <c>ok</c> to <c>docker</c> or <c>tcp</c>: raw bytes both ways until either side closes.</item>
/// <item>After <c>ok</c> to <c>fill</c>: ciond sends the archive in frames (<see cref="LinkFrames"/>); the runner
/// answers <c>done\n</c> once it is unpacked, or <c>failed REASON\n</c>. After <c>ok</c> to <c>read</c>: the runner
/// sends the volume's archive in frames, and a cut before the last frame is a failure, never a shorter archive.</item>
/// </list>
/// TLS must be done within <see cref="HandshakeTimeout"/>, or the runner closes. The request line may wait for
/// <see cref="RequestWait"/> after it (ciond opens connections ahead of their use), and once begun must end within
/// <see cref="HandshakeTimeout"/>; a connection closed before its first byte is one ciond did not need.
/// </summary>
public static class LinkProtocol
{
    public const int MaxLineBytes = 200;
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    /// <summary>How long an authenticated connection may wait for its request line to begin.</summary>
    public static readonly TimeSpan RequestWait = TimeSpan.FromSeconds(25);

    public const string DockerVerb = "docker";
    public const string TcpVerb = "tcp";
    public const string FillVerb = "fill";
    public const string ReadVerb = "read";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Ok = "ok";
    public const string Refused = "refused";

    public static string DockerLine() => DockerVerb + "\n";

    public static string TcpLine(IPAddress ip, int port) => $"{TcpVerb} {ip} {port.ToString(CultureInfo.InvariantCulture)}\n";

    public static string FillLine(string volume) => $"{FillVerb} {volume}\n";

    public static string ReadLine(string volume) => $"{ReadVerb} {volume}\n";

    public static string OkLine() => Ok + "\n";

    public static string DoneLine() => Done + "\n";

    /// <summary>The failure line after a fill; the reason is kept to one printable line.</summary>
    public static string FailedLine(string reason) => $"{Failed} {Printable(reason)}\n";

    /// <summary>The refusal line; the reason is kept to one printable line.</summary>
    public static string RefusedLine(string reason) =>
        $"{Refused} {Printable(reason)}\n";

    /// <summary>Reads a request from the line (without its <c>\n</c>); null, with why, when it is not one.</summary>
    public static LinkRequest? ParseRequest(string line, out string why)
    {
        why = "";
        var words = line.Split(' ');
        if (words is [DockerVerb]) return new LinkRequest.Docker();
        if (words is [FillVerb or ReadVerb, var volume])
        {
            if (IsVolumeName(volume)) return words[0] == FillVerb ? new LinkRequest.Fill(volume) : new LinkRequest.Read(volume);
            why = "not a volume name";
            return null;
        }
        if (words is not [TcpVerb, var address, var portText])
        {
            why = words[0] is DockerVerb or TcpVerb or FillVerb or ReadVerb ? $"malformed {words[0]} request" : "unknown request";
            return null;
        }
        // Canonical forms only: IPAddress.TryParse also takes "1", "0x7f.1" and scope ids, which a pinned list of container addresses should never have to match.
        if (!IPAddress.TryParse(address, out var ip) || ip.ToString() != address || address.Contains('%'))
        {
            why = "not an IP address";
            return null;
        }
        if (!IsDecimal(portText) || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            why = "not a port";
            return null;
        }
        return new LinkRequest.Tcp(ip, port);
    }

    /// <summary>Reads the runner's answer line (without its <c>\n</c>): null for ok, else the reason it refused.</summary>
    public static string? ParseAnswer(string line) =>
        line == Ok ? null
        : line.StartsWith(Refused + " ", StringComparison.Ordinal) ? line[(Refused.Length + 1)..]
        : $"unexpected answer from the runner: {line}";

    /// <summary>
    /// The runner's read of a request line: its first byte waited for up to <paramref name="firstByte"/>'s deadline,
    /// the rest up to <see cref="HandshakeTimeout"/> after it.
    /// </summary>
    /// <returns>The line (null as <see cref="ReadLineAsync"/>), and whether the stream ended before any byte: a connection not needed.</returns>
    public static async Task<(string? Line, bool Unused)> ReadRequestAsync(Stream stream, CancellationToken firstByte, CancellationToken rest)
    {
        var bytes = new byte[MaxLineBytes];
        if (await stream.ReadAsync(bytes.AsMemory(0, 1), firstByte) == 0) return (null, true);
        using var line = CancellationTokenSource.CreateLinkedTokenSource(rest);
        line.CancelAfter(HandshakeTimeout);
        return (await ReadLineAsync(stream, bytes, 0, line.Token), false);
    }

    /// <summary>Reads one line ending in <c>\n</c>, at most <see cref="MaxLineBytes"/> bytes; null when the stream ends first or the line is too long.</summary>
    /// <remarks>Byte by byte, so nothing after the line is consumed: the pipe that follows starts exactly there.</remarks>
    public static Task<string?> ReadLineAsync(Stream stream, CancellationToken ct) => ReadLineAsync(stream, new byte[MaxLineBytes], -1, ct);

    /// <param name="read">The index of the last byte already in <paramref name="bytes"/> (-1: none).</param>
    private static async Task<string?> ReadLineAsync(Stream stream, byte[] bytes, int read, CancellationToken ct)
    {
        for (var count = 0; count < MaxLineBytes; count++)
        {
            if (count > read && await stream.ReadAsync(bytes.AsMemory(count, 1), ct) == 0) return null;
            if (bytes[count] == '\n') return Encoding.ASCII.GetString(bytes, 0, count);
            if (bytes[count] is < (byte)' ' or > (byte)'~') return null;
        }
        return null;
    }

    public static async Task WriteLineAsync(Stream stream, string line, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line), ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>Reads the runner's line after a fill (without its <c>\n</c>): null for done, else why it failed.</summary>
    public static string? ParseFillEnd(string line) =>
        line == Done ? null
        : line.StartsWith(Failed + " ", StringComparison.Ordinal) ? line[(Failed.Length + 1)..]
        : $"unexpected answer from the runner: {line}";

    /// <summary>
    /// The names Docker gives volumes (<c>[a-zA-Z0-9][a-zA-Z0-9_.-]*</c>), at most 128 characters: never a path,
    /// never <c>..</c> alone, so the runner can join it to its volumes folder.
    /// </summary>
    public static bool IsVolumeName(string name) =>
        name.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static string Printable(string text) => new([.. text.Select(c => c is < ' ' or > '~' ? '?' : c)]);

    private static bool IsDecimal(string text) => text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit) && (text == "0" || text[0] != '0');
}
