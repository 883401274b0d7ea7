using System.Runtime.InteropServices;

namespace Cion.Core.Posix;

/// <summary>
/// The few libc calls .NET does not offer: fsync of a directory, rename(2) of a symlink
/// (File.Move follows a symlink to a directory and refuses it), realpath(3), a write
/// with O_APPEND (FileMode.Append seeks to the end instead, which two writers can race),
/// chown(2) and its lchown and fchown.
/// </summary>
public static partial class LibC
{
    public const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    public const int WriteOnlyAppendCreate = 0x1 | 0x40 | 0x400 | 0x80000; // O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC

    /// <summary>open(2) with a mode, for O_CREAT.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, byte[] buffer);

    /// <summary>
    /// Whether <paramref name="path"/> itself (never a link's target) is a unix socket, which no tar archive can hold.
    /// statx(2), whose buffer has the same layout on every architecture: <c>stx_mode</c> is the 16 bits at byte 28.
    /// </summary>
    public static bool IsSocket(string path)
    {
        const int currentFolder = -100, noFollow = 0x100;
        const uint typeOnly = 0x1;
        var buffer = new byte[256];
        if (Statx(currentFolder, path, noFollow, typeOnly, buffer) != 0) return false;
        return (BitConverter.ToUInt16(buffer, 28) & 0xF000) == 0xC000;
    }

    /// <summary>lchown(2): a symlink's own owner, never its target's. Ids as the tar archive gives them.</summary>
    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Lchown(string path, int uid, int gid);

    /// <summary>fchown(2): the owner of the file open on the handle, whatever its name points to by now.</summary>
    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(Microsoft.Win32.SafeHandles.SafeFileHandle file, int uid, int gid);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    /// <summary>realpath(3): the path with every symlink resolved; null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { Free(resolved); }
    }

    public static IOException Error(string what) =>
        new($"{what} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
}
