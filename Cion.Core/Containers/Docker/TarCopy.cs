using System.Formats.Tar;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Files as a tar stream, the form the engine's archive API takes and gives them in: a folder's content with its
/// modes, times, symlinks (as links, never followed), empty folders, pipes and devices (as entries, never opened),
/// and no sockets; or one file with the folders it needs. Read on this host, or by cion-runner in a volume on its node.
/// </summary>
internal static class TarCopy
{
    /// <summary>Everything inside each folder, named relative to it after its prefix (<c>0/</c>, <c>1/</c>…): one archive for several.</summary>
    public static void WriteFolders(IReadOnlyList<(string Folder, string Prefix)> folders, Stream tar, CancellationToken ct)
    {
        using var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (folder, prefix) in folders) WriteChildren(writer, folder, prefix, ct);
    }

    /// <summary>
    /// The folder itself as <paramref name="top"/><c>/</c>, then everything inside it: the form the archive API's GET
    /// gives a folder in (<see cref="TarExtract"/> reads it back).
    /// </summary>
    public static void WriteFolder(string folder, string top, Stream tar, CancellationToken ct)
    {
        using var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true);
        writer.WriteEntry(folder, top + "/");
        WriteChildren(writer, folder, top + "/", ct);
    }

    /// <summary>
    /// The file (its content, even when the host path is a link, as a bind mount would show it) named
    /// <paramref name="name"/>, after an entry for each of <paramref name="folders"/> (relative names that must exist first).
    /// </summary>
    public static void WriteFile(string file, IReadOnlyList<string> folders, string name, Stream tar)
    {
        using var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var folder in folders)
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, folder + "/") { Mode = FolderMode, ModificationTime = DateTimeOffset.UtcNow });
        using var content = File.OpenRead(file);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = File.GetUnixFileMode(file), ModificationTime = File.GetLastWriteTimeUtc(file), DataStream = content,
        });
    }

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly EnumerationOptions Everything = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    private static void WriteChildren(TarWriter writer, string folder, string prefix, CancellationToken ct)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", Everything))
        {
            ct.ThrowIfCancellationRequested();
            // A link to a folder is written as the link (TarWriter reads it without following it) and not entered:
            // what it points to may lie outside the folder.
            var isFolder = entry is DirectoryInfo && entry.LinkTarget is null;
            // A socket is left out, as the engine's archive leaves it out: TarWriter refuses it, and it carries nothing.
            if (!isFolder && Posix.LibC.IsSocket(entry.FullName)) continue;
            var name = prefix + entry.Name;
            writer.WriteEntry(entry.FullName, isFolder ? name + "/" : name);
            if (isFolder) WriteChildren(writer, entry.FullName, name + "/", ct);
        }
    }
}
