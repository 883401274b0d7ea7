using System.Globalization;

namespace Cion.Core.Containers;

/// <summary>Pure: how cion.log and <c>cion cache</c> write a cache volume's facts.</summary>
public static class CacheText
{
    public static string LastUsed(DateTimeOffset? at) =>
        at is { } time ? "last used " + time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "never used";
}
