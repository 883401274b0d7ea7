using Docker.DotNet;

namespace Cion.Core.Containers.Docker;

/// <summary>Turns the engine's error replies into words for cion.log and into cion's own exception.</summary>
internal static class DockerErrors
{
    /// <summary>The error as cion's callers see it: the client's message kept whole (it is what cion.log showed before), the engine's words beside it.</summary>
    public static EngineRefusedException Refused(DockerApiException e) => new(e.Message, Text(e), e.ResponseBody ?? e.Message, e);

    /// <summary>Runs calls to the engine whose error replies must leave as <see cref="EngineRefusedException"/>.</summary>
    public static async Task<T> Refusing<T>(Func<Task<T>> call)
    {
        try { return await call(); }
        catch (DockerApiException e) { throw Refused(e); }
    }

    /// <inheritdoc cref="Refusing{T}"/>
    public static Task Refusing(Func<Task> call) => Refusing(async () => { await call(); return true; });

    /// <summary>The engine's own words for a failure, for cion.log.</summary>
    public static string Text(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? "";
        if (body.Length == 0) return e.Message;
        // The API wraps its words in {"message": "…"}; the words alone read better in cion.log.
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                return text;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the body as it came.
        }
        return body;
    }
}
