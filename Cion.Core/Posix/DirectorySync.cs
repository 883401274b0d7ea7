namespace Cion.Core.Posix;

/// <summary>fsync(2) on a directory: a rename is durable only once the directory holding it is synced.</summary>
internal static class DirectorySync
{
    public static void Flush(string directory)
    {
        var fd = LibC.Open(directory, LibC.ReadOnlyDirectory);
        if (fd < 0) throw LibC.Error($"opening {directory} to sync it");
        try
        {
            if (LibC.Fsync(fd) != 0) throw LibC.Error($"fsync of {directory}");
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }
}
