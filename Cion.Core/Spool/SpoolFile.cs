using System.Runtime.InteropServices;
using System.Text;
using Cion.Core.Posix;
using Microsoft.Win32.SafeHandles;

namespace Cion.Core.Spool;

/// <summary>
/// A file someone put in the spool, read without trusting it: a symlink is never followed (its
/// owner did not write what it points to), a FIFO never blocks the daemon, at most
/// <see cref="MaxBytes"/> are read, and <see cref="Status"/> comes from the open file itself, so
/// a file renamed over the name between the look and the read cannot borrow another's owner.
/// </summary>
public sealed record SpoolFile(string Text, FileStatus Status)
{
    /// <summary>A job file is a few hundred bytes; this leaves room for many push options.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int ReadOnlyNoFollow = 0x800 | 0x20000 | 0x80000; // O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC (x86_64)
    private const int NoSuchFile = 2, NoSuchDevice = 6, SymlinkLoop = 40; // ENOENT, ENXIO (a socket), ELOOP (O_NOFOLLOW met a link)

    /// <exception cref="FileNotFoundException">It has gone (claimed or removed meanwhile).</exception>
    /// <exception cref="InvalidDataException">Not a file cion reads; the message says what it is.</exception>
    public static SpoolFile Read(string path)
    {
        using var handle = Open(path);
        var status = FileStat.Of(handle);
        if (status.IsDirectory) throw new InvalidDataException("a directory, not a job file");
        if (!status.IsRegularFile) throw new InvalidDataException("not a regular file");
        if (status.Size > MaxBytes) throw new InvalidDataException($"larger than {MaxBytes / 1024} KiB");
        return new SpoolFile(ReadText(handle), status);
    }

    private static SafeFileHandle Open(string path)
    {
        var fd = LibC.Open(path, ReadOnlyNoFollow);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        throw Marshal.GetLastPInvokeError() switch
        {
            NoSuchFile => new FileNotFoundException($"{path} has gone", path),
            SymlinkLoop => new InvalidDataException("a symbolic link, not a job file"),
            NoSuchDevice => new InvalidDataException("not a regular file"),
            _ => LibC.Error($"opening {path}"),
        };
    }

    /// <summary>Reads to the end; a file that grew past the limit since the look is refused all the same.</summary>
    private static string ReadText(SafeFileHandle handle)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        for (int read; length < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0;) length += read;
        if (length > MaxBytes) throw new InvalidDataException($"larger than {MaxBytes / 1024} KiB");
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
