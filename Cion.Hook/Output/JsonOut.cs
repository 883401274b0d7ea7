using System.Text.Json;
using Cion.Core.Jobs;
using Cion.Core.Queries;

namespace Cion.Hook.Output;

/// <summary>
/// The <c>--json</c> output, written field by field so its shape is exactly what the README
/// documents (and needs no reflection). Field names are stable; new fields may be added.
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

    public static void Run(Utf8JsonWriter json, RunRecord run)
    {
        var job = run.Job;
        json.WriteStartObject();
        json.WriteString("id", job.Id.Value);
        json.WriteString("repo", job.Repo);
        json.WriteString("ref", job.Ref);
        json.WriteString("branch", job.Branch);
        json.WriteString("sha", job.New);
        json.WriteString("status", run.Status?.ToWord());
        json.WriteString("pushed_by", job.PushedBy);
        json.WriteString("queued_at", job.QueuedAt.UtcDateTime);
        Optional(json, "started_at", run.ResultValue("started_at"));
        Optional(json, "finished_at", run.ResultValue("finished_at"));
        if (run.Duration is { } took) json.WriteNumber("duration_ms", (long)took.TotalMilliseconds);
        else json.WriteNull("duration_ms");
        Optional(json, "build_exit", run.ResultValue("build_exit"));
        Optional(json, "release_exit", run.ResultValue("release_exit"));
        Optional(json, "release_skipped", run.ResultValue("release_skipped"));
        Optional(json, "environment", run.ResultValue("environment"));
        if (job.RetryOf is { } retryOf) json.WriteString("retry_of", retryOf.Value);
        json.WriteString("run_dir", run.Paths.Dir);
        json.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}
