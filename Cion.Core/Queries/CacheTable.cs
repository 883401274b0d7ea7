using Cion.Core.Config;
using Cion.Core.Containers;

namespace Cion.Core.Queries;

/// <summary>Pure: the lines <c>cion cache</c> and <c>cion cache clear</c> print.</summary>
public static class CacheTable
{
    public const string Header = "REPO                     KIND      SIZE        LAST USED  IN USE     VOLUME";

    /// <summary>One line per volume, under <see cref="Header"/>; a branch cache shows its ref after the volume.</summary>
    public static string Row(CacheVolume volume, DateTimeOffset now)
    {
        var used = volume.LastUsed is { } at ? TimeText.Age(at, now) : "never";
        var ours = volume.Ref is null ? volume.Name : $"{volume.Name} ({volume.Ref})";
        return $"{Fit(volume.Repo, 24),-24} {volume.Kind,-9} {ByteSize.Format(volume.Size),-11} {used,-10} {InUse(volume),-10} {ours}";
    }

    /// <summary>Who holds a volume: the job when its engine is a job's, else the container; "no" when free.</summary>
    public static string InUse(CacheVolume volume) =>
        !volume.InUse ? "no" : volume.UsedByJob ?? volume.UsedBy ?? "yes";

    public static string Removed(CacheVolume volume) => $"removed {volume.Name}";

    public static string Skipped(CacheVolume volume) =>
        $"skipped {volume.Name}: in use by " + (volume.UsedByJob is { } job ? $"job {job} ({volume.UsedBy})" : volume.UsedBy ?? "a container");

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
