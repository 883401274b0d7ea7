using System.Formats.Tar;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Unpacks a folder's archive into a new, empty folder, trusting nothing in it: a copy back from a container
/// (the engine may be on another machine, and what a build left may be hostile), or a volume's filling on a node. No entry lands outside the
/// folder: a name that is absolute, holds <c>..</c>, or leads through a link is refused, and nothing already
/// unpacked is ever followed (files are created, never opened; modes and times are set on what was checked).
/// Links themselves are kept as the build made them, even ones pointing outside: a bind mount would keep them too.
/// </summary>
internal static class TarExtract
{
    /// <summary>
    /// Unpacks <paramref name="tar"/> (every name under one top folder, the way the archive API names a folder's
    /// content) into <paramref name="folder"/>, which must be new: nothing else may write there meanwhile.
    /// Devices and pipes are left out.
    /// </summary>
    /// <param name="keepOwners">
    /// Give everything the archive's owner ids, as the engine's archive upload does (cion-runner filling a volume, as
    /// root); otherwise everything belongs to this process's user (a copy back into the state folder).
    /// </param>
    /// <exception cref="InvalidDataException">An entry would land outside the folder; the folder is then half made.</exception>
    public static async Task IntoAsync(Stream tar, string folder, CancellationToken ct, bool keepOwners = false)
    {
        var root = Path.GetFullPath(folder);
        Directory.CreateDirectory(root);
        var names = new EntryNames();
        // Folders get their modes and times last: a read-only one must still take its content, and each file made changes the time.
        var folders = new List<(string[] Parts, UnixFileMode Mode, DateTimeOffset Time, Owner? Owner)>();
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            var parts = names.Inside(entry.Name);
            var owner = keepOwners ? new Owner(entry.Uid, entry.Gid) : null;
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (parts.Length > 0) Directory.CreateDirectory(Prepare(root, entry.Name, parts, keepFolder: true));
                    folders.Add((parts, entry.Mode, entry.ModificationTime, owner));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile when parts.Length > 0:
                    await WriteFileAsync(Prepare(root, entry.Name, parts, keepFolder: false), entry.DataStream, entry.Length, entry.Mode, entry.ModificationTime, owner, ct);
                    break;
                case TarEntryType.SymbolicLink when parts.Length > 0:
                    var link = Prepare(root, entry.Name, parts, keepFolder: false);
                    File.CreateSymbolicLink(link, entry.LinkName);
                    // lchown: the link itself, never what it points to.
                    if (owner is not null && Posix.LibC.Lchown(link, owner.Uid, owner.Gid) != 0) throw Posix.LibC.Error($"lchown of {entry.Name}");
                    break;
                case TarEntryType.HardLink when parts.Length > 0:
                    // A copy rather than a link: the same content, and no way to reach a file outside.
                    var source = Existing(root, names.Inside(entry.LinkName)) is { } found && IsPlainFile(found)
                        ? found : throw Outside(entry.LinkName, "links to nothing the archive made");
                    await using (var content = File.OpenRead(source))
                        await WriteFileAsync(Prepare(root, entry.Name, parts, keepFolder: false), content, content.Length, entry.Mode, entry.ModificationTime, owner, ct);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    throw Outside(entry.Name, "would replace the folder itself");
                default:
                    break; // devices, pipes, pax global headers: nothing a build's output needs
            }
        }
        foreach (var (parts, mode, time, owner) in folders.OrderByDescending(f => f.Parts.Length))
            // A later entry may have put a link in a folder's place: only a folder still reached through folders is touched.
            if (Existing(root, parts) is { } path && IsFolder(path))
            {
                if (owner is not null && Posix.LibC.Lchown(path, owner.Uid, owner.Gid) != 0) throw Posix.LibC.Error($"lchown of {path}");
                File.SetUnixFileMode(path, mode);
                Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
            }
    }

    /// <summary>
    /// The path for a new entry: each folder on the way made when missing and refused when it is a link or a file;
    /// whatever holds the last name already is removed (a link is removed, not followed), except a folder when
    /// <paramref name="keepFolder"/> (a folder's entry merges with it).
    /// </summary>
    private static string Prepare(string root, string name, string[] parts, bool keepFolder)
    {
        var path = root;
        foreach (var part in parts[..^1])
        {
            path = Path.Join(path, part);
            if (!Exists(path)) Directory.CreateDirectory(path);
            else if (!IsFolder(path)) throw Outside(name, $"leads through {part}, which is not a folder");
        }
        path = Path.Join(path, parts[^1]);
        if (!Exists(path)) return path;
        if (IsFolder(path))
        {
            if (!keepFolder) Directory.Delete(path, recursive: true); // .NET removes links inside, never what they point to
        }
        else File.Delete(path);
        return path;
    }

    /// <summary>The path of something the archive made, reached through folders only; null when there is none.</summary>
    private static string? Existing(string root, string[] parts)
    {
        var path = root;
        for (var i = 0; i < parts.Length; i++)
        {
            path = Path.Join(path, parts[i]);
            if (!Exists(path) || (i < parts.Length - 1 && !IsFolder(path))) return null;
        }
        return path;
    }

    private sealed record Owner(int Uid, int Gid);

    private static async Task WriteFileAsync(string path, Stream? data, long length, UnixFileMode mode, DateTimeOffset time, Owner? owner, CancellationToken ct)
    {
        // CreateNew: if anything took the name meanwhile, fail rather than write through it. Written synchronously: on
        // Linux an asynchronous file's every write is a thread-pool hop, which costs more than a small file's write.
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 });
        if (data is not null) await CopyExactlyAsync(data, length, file, ct);
        // Through the handle: the file just made, whatever its name points to by now. Owner first: chown clears setuid.
        if (owner is not null && Posix.LibC.Fchown(file.SafeFileHandle, owner.Uid, owner.Gid) != 0) throw Posix.LibC.Error($"fchown of {path}");
        File.SetUnixFileMode(file.SafeFileHandle, mode);
        File.SetLastWriteTimeUtc(file.SafeFileHandle, time.UtcDateTime);
    }

    /// <summary>
    /// Reads the entry's bytes and asks for none after them: an entry's stream asks its archive for an empty read at
    /// its end (Stream.CopyToAsync's last call), and the client library's chunked response throws
    /// EndOfStreamException for an empty read in the middle of a chunk.
    /// </summary>
    private static async Task CopyExactlyAsync(Stream data, long length, Stream file, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(length, 128 * 1024)];
        for (var left = length; left > 0;)
        {
            var read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
            if (read == 0) throw new EndOfStreamException("the archive ended inside a file");
            file.Write(buffer, 0, read);
            left -= read;
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static bool Exists(string path) => IsLink(path) || Path.Exists(path);

    private static bool IsFolder(string path) => !IsLink(path) && Directory.Exists(path);

    private static bool IsPlainFile(string path) => !IsLink(path) && File.Exists(path);

    internal static InvalidDataException Outside(string name, string why) =>
        new($"the archive holds '{name}', which {why}: refused, so nothing lands outside the folder");

    /// <summary>An archive's names, checked: relative, no <c>..</c>, all under the first entry's top folder, which is left out.</summary>
    private sealed class EntryNames
    {
        private string? _top;

        /// <returns>The name's parts below the top folder; none for the top folder itself.</returns>
        public string[] Inside(string name)
        {
            if (name.StartsWith('/')) throw Outside(name, "is absolute");
            if (name.Contains('\0')) throw Outside(name, "holds a NUL character");
            var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
            if (parts.Contains("..")) throw Outside(name, "climbs out with ..");
            if (parts.Length == 0) throw Outside(name, "names no file");
            _top ??= parts[0];
            if (parts[0] != _top) throw Outside(name, $"is not under {_top}");
            return parts[1..];
        }
    }
}
