using System.Text.Json;
using Cion.Core.Jobs;

namespace Cion.Core.Queries;

/// <summary>
/// The JSON shapes of cion's queries, written field by field so they are exactly what the
/// README documents (and need no reflection under NativeAOT). One writer for both doors:
/// <c>cion jobs/show/deployments --json</c> and cion-web's <c>/api/…</c>. Field names are
/// stable; new fields may be added.
/// </summary>
public static class QueryJson
{
    public static void Runs(Utf8JsonWriter json, IEnumerable<RunRecord> runs)
    {
        json.WriteStartArray();
        foreach (var run in runs) Run(json, run);
        json.WriteEndArray();
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
        // Only for a job whose config has a test step, as in its result file.
        if (run.ResultValue("test_exit") is { } testExit) json.WriteString("test_exit", testExit);
        Optional(json, "release_exit", run.ResultValue("release_exit"));
        Optional(json, "release_skipped", run.ResultValue("release_skipped"));
        Optional(json, "environment", run.ResultValue("environment"));
        Optional(json, "error", run.ResultValue("error"));
        if (job.RetryOf is { } retryOf) json.WriteString("retry_of", retryOf.Value);
        if (job.Deploy is { } deploy)
        {
            json.WriteString("deploy_of", deploy.Source.Value);
            json.WriteString("deploy_kind", deploy.Kind);
            json.WriteString("reason", deploy.Reason);
        }
        json.WriteString("run_dir", run.Paths.Dir);
        json.WriteEndObject();
    }

    public static void Deployments(Utf8JsonWriter json, IEnumerable<Deployments> ledgers)
    {
        json.WriteStartArray();
        foreach (var ledger in ledgers) Deployment(json, ledger);
        json.WriteEndArray();
    }

    private static void Deployment(Utf8JsonWriter w, Deployments d)
    {
        w.WriteStartObject();
        w.WriteString("repo", d.Repo);
        w.WriteString("environment", d.Environment);
        w.WritePropertyName("current");
        if (d.Current is null) w.WriteNullValue();
        else
        {
            w.WriteStartObject();
            foreach (var (key, value) in d.Current) w.WriteString(key, value);
            w.WriteEndObject();
        }
        w.WriteStartArray("history");
        foreach (var line in d.History)
        {
            w.WriteStartObject();
            w.WriteString("time", line.Time);
            w.WriteString("sha", line.Sha);
            w.WriteString("ref", line.Ref);
            w.WriteString("status", line.Status);
            w.WriteString("run_dir", line.RunDir);
            w.WriteString("kind", line.Kind);
            if (line.By is { } by) w.WriteString("by", by);
            if (line.SourceJob is { } source) w.WriteString("source_job", source);
            if (line.Reason is { } reason) w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    /// <summary><c>cion cache --json</c>: the layer caches, sizes in bytes, <c>last_used</c> null when never given back.</summary>
    public static void Caches(Utf8JsonWriter json, IEnumerable<Containers.CacheVolume> volumes)
    {
        json.WriteStartArray();
        foreach (var v in volumes)
        {
            json.WriteStartObject();
            json.WriteString("repo", v.Repo);
            json.WriteString("volume", v.Name);
            json.WriteString("kind", v.Kind);
            json.WriteString("ref", v.Ref);
            json.WriteNumber("size", v.Size);
            if (v.LastUsed is { } at) json.WriteString("last_used", at.UtcDateTime);
            else json.WriteNull("last_used");
            json.WriteBoolean("in_use", v.InUse);
            json.WriteString("used_by", v.UsedBy);
            json.WriteString("job", v.UsedByJob);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
