using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cion.Core.Posix;

/// <summary>
/// stat(2) for the owner of a file, which .NET does not expose. Through statx(2) (glibc 2.28,
/// Linux 4.11): its struct has one layout on every architecture, where struct stat does not.
/// </summary>
public static partial class FileStat
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH: stat the descriptor itself
    private const uint BasicStats = 0x7ff; // STATX_BASIC_STATS
    private const int NoSuchFile = 2, NotADirectory = 20; // ENOENT, ENOTDIR

    /// <summary>The fields cion reads of struct statx (linux/stat.h), at their fixed offsets.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Statx
    {
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(40)] public ulong Size;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int dirfd, string path, int flags, uint mask, out Statx buffer);

    /// <summary>stat(2) of a path, following symlinks; null when it does not exist.</summary>
    /// <exception cref="IOException">It exists but cannot be looked at (a folder on the way is closed to this user).</exception>
    public static FileStatus? Of(string path)
    {
        if (StatxNative(CurrentDirectory, path, 0, BasicStats, out var buffer) == 0) return From(buffer);
        var errno = Marshal.GetLastPInvokeError();
        if (errno is NoSuchFile or NotADirectory) return null;
        throw LibC.Error($"stat of {path}");
    }

    /// <summary>fstat(2) of an open file: the file actually read, whatever its name points to by now.</summary>
    public static FileStatus Of(SafeFileHandle file)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            if (StatxNative((int)file.DangerousGetHandle(), "", EmptyPath, BasicStats, out var buffer) != 0)
                throw LibC.Error("fstat of an open spool file");
            return From(buffer);
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    private static FileStatus From(Statx buffer) => new(buffer.Uid, buffer.Gid, buffer.Mode, (long)buffer.Size);
}
