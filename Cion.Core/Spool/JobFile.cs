using System.Globalization;
using System.Text;
using Cion.Core.Jobs;

namespace Cion.Core.Spool;

/// <summary>
/// Pure: a <see cref="Job"/> to and from its file, plain <c>key=value</c> lines so that
/// <c>grep repo= /var/spool/cion/new/*</c> answers questions. Values never hold a newline
/// (refs and shas cannot; <see cref="Format"/> refuses anything else that would).
/// </summary>
public static class JobFile
{
    public const string Extension = ".job";

    public const string IdKey = "id", RepoKey = "repo", RepoPathKey = "repo_path", RefKey = "ref",
        OldKey = "old", NewKey = "new", PushedByKey = "pushed_by", QueuedAtKey = "queued_at";

    private static readonly string[] RequiredKeys = [IdKey, RepoKey, RepoPathKey, RefKey, OldKey, NewKey, PushedByKey, QueuedAtKey];

    public static string Format(Job job)
    {
        var text = new StringBuilder();
        void Line(string key, string value)
        {
            if (value.Contains('\n') || value.Contains('\r'))
                throw new ArgumentException($"the job's {key} contains a line break");
            text.Append(key).Append('=').Append(value).Append('\n');
        }
        Line(IdKey, job.Id.Value);
        Line(RepoKey, job.Repo);
        Line(RepoPathKey, job.RepoPath);
        Line(RefKey, job.Ref);
        Line(OldKey, job.Old);
        Line(NewKey, job.New);
        Line(PushedByKey, job.PushedBy);
        Line(QueuedAtKey, job.QueuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>Reads a job file's text; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Job Parse(string text)
    {
        var values = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=');
            if (eq <= 0) throw new FormatException($"not a key=value line: '{line}'");
            values[line[..eq]] = line[(eq + 1)..];
        }
        var missing = RequiredKeys.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new FormatException($"missing keys: {string.Join(", ", missing)}");
        if (!JobId.TryParse(values[IdKey], out var id)) throw new FormatException($"not a job id: '{values[IdKey]}'");
        if (!DateTimeOffset.TryParse(values[QueuedAtKey], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var queuedAt))
            throw new FormatException($"queued_at is not a time: '{values[QueuedAtKey]}'");
        return new Job
        {
            Id = id, Repo = values[RepoKey], RepoPath = values[RepoPathKey], Ref = values[RefKey],
            Old = values[OldKey], New = values[NewKey], PushedBy = values[PushedByKey], QueuedAt = queuedAt,
        };
    }
}
