using System.Text;
using System.Text.Json;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Pure: the <see cref="Labels.CopyBack"/> label's value, the writable folder mounts of a container as
/// <c>[{"container":"/cion/build","host":"/var/lib/cion/…"}]</c>. JSON because a path may hold any character
/// a separator would need; written and read by hand so a NativeAOT build needs no serializer.
/// </summary>
internal static class CopyBackLabel
{
    private const string ContainerKey = "container";
    private const string HostKey = "host";

    public static string Format(IEnumerable<Mount> mounts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var mount in mounts)
            {
                json.WriteStartObject();
                json.WriteString(ContainerKey, mount.ContainerPath);
                json.WriteString(HostKey, mount.HostPath);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <returns>The writable mounts to copy back; none when the label is absent.</returns>
    /// <exception cref="InvalidDataException">The label is not what <see cref="Format"/> writes.</exception>
    public static IReadOnlyList<Mount> Parse(string? label)
    {
        if (string.IsNullOrEmpty(label)) return [];
        try
        {
            using var json = JsonDocument.Parse(label);
            return [.. json.RootElement.EnumerateArray().Select(m => new Mount(
                m.GetProperty(HostKey).GetString() ?? throw Bad(label),
                m.GetProperty(ContainerKey).GetString() ?? throw Bad(label),
                ReadOnly: false))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw Bad(label, e);
        }
    }

    private static InvalidDataException Bad(string label, Exception? inner = null) =>
        new($"the container's {Labels.CopyBack} label is not a list of folders to copy back: {label}", inner);
}
