using System.Text.Json;

namespace Cion.Hook.Output;

/// <summary>
/// Writes <c>--json</c> output to stdout, indented; the shapes themselves are
/// <see cref="Cion.Core.Queries.QueryJson"/>'s, shared with cion-web's API.
/// </summary>
internal static class JsonOut
{
    public static void Write(Action<Utf8JsonWriter> body)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
            body(json);
        stdout.WriteByte((byte)'\n');
    }
}
