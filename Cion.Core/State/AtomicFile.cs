namespace Cion.Core.State;

/// <summary>Replaces files and symlinks so a reader sees the old or the new one, never half of either.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var tmp = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(text);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Points <paramref name="link"/> at <paramref name="target"/> by renaming a fresh symlink over it.</summary>
    public static void ReplaceSymlink(string link, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        var tmp = $"{link}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        File.CreateSymbolicLink(tmp, target);
        // rename(2), not File.Move: File.Move refuses a symlink that points at a directory.
        if (Posix.LibC.Rename(tmp, link) != 0) throw Posix.LibC.Error($"renaming {tmp} to {link}");
    }
}
