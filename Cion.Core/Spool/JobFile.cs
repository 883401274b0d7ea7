using System.Globalization;
using System.Text;
using Cion.Core.Jobs;

namespace Cion.Core.Spool;

/// <summary>
/// Pure: a <see cref="Job"/> to and from its file, plain <c>key=value</c> lines so that
/// <c>grep repo= /var/spool/cion/new/*</c> answers questions. Values never hold a newline
/// (refs and shas cannot; <see cref="Format"/> refuses anything else that would).
/// <c>push_option</c> may appear once per option; <c>retry_of</c> only on a retry; <c>deploy_of</c>,
/// <c>environment</c>, <c>deploy_kind</c> and <c>reason</c> only on a deploy (see <see cref="DeployRequest"/>).
/// </summary>
public static class JobFile
{
    public const string Extension = ".job";

    public const string IdKey = "id", RepoKey = "repo", RepoPathKey = "repo_path", RefKey = "ref",
        OldKey = "old", NewKey = "new", PushedByKey = "pushed_by", QueuedAtKey = "queued_at",
        PushOptionKey = "push_option", RetryOfKey = "retry_of",
        DeployOfKey = "deploy_of", EnvironmentKey = "environment", DeployKindKey = "deploy_kind", ReasonKey = "reason";

    private static readonly string[] RequiredKeys = [IdKey, RepoKey, RepoPathKey, RefKey, OldKey, NewKey, PushedByKey, QueuedAtKey];
    private static readonly string[] OptionalKeys = [PushOptionKey, RetryOfKey, DeployOfKey, EnvironmentKey, DeployKindKey, ReasonKey];

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
        foreach (var option in job.PushOptions) Line(PushOptionKey, option);
        if (job.RetryOf is { } retryOf) Line(RetryOfKey, retryOf.Value);
        if (job.Deploy is { } deploy)
        {
            Line(DeployOfKey, deploy.Source.Value);
            Line(EnvironmentKey, deploy.Environment);
            Line(DeployKindKey, deploy.Kind);
            Line(ReasonKey, deploy.Reason);
        }
        return text.ToString();
    }

    /// <summary>Reads a job file's text; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static Job Parse(string text)
    {
        var values = new Dictionary<string, string>();
        var options = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=');
            if (eq <= 0) throw new FormatException($"not a key=value line: '{line}'");
            var (key, value) = (line[..eq], line[(eq + 1)..]);
            if (!RequiredKeys.Contains(key) && !OptionalKeys.Contains(key)) throw new FormatException($"unknown key '{key}'");
            if (key == PushOptionKey) options.Add(value);
            else if (!values.TryAdd(key, value)) throw new FormatException($"key '{key}' given twice");
        }
        var missing = RequiredKeys.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new FormatException($"missing keys: {string.Join(", ", missing)}");
        return new Job
        {
            Id = Id(values[IdKey]), Repo = values[RepoKey], RepoPath = values[RepoPathKey], Ref = values[RefKey],
            Old = values[OldKey], New = values[NewKey], PushedBy = values[PushedByKey], QueuedAt = Time(values[QueuedAtKey]),
            PushOptions = options, RetryOf = values.TryGetValue(RetryOfKey, out var retryOf) ? Id(retryOf) : null,
            Deploy = Deploy(values),
        };
    }

    private static DeployRequest? Deploy(Dictionary<string, string> values)
    {
        if (!values.TryGetValue(DeployOfKey, out var source))
            return values.Keys.FirstOrDefault(k => k is EnvironmentKey or DeployKindKey or ReasonKey) is { } stray
                ? throw new FormatException($"'{stray}' belongs to a deploy, but there is no '{DeployOfKey}'") : null;
        var environment = values.GetValueOrDefault(EnvironmentKey, "");
        if (environment.Length == 0 || environment.Contains('/') || environment is "." or "..")
            throw new FormatException($"a deploy needs an environment name: '{environment}'");
        var kind = values.GetValueOrDefault(DeployKindKey, "");
        if (!DeployRequest.IsKind(kind)) throw new FormatException($"deploy_kind must be deploy or rollback: '{kind}'");
        return new DeployRequest(Id(source), environment, kind, values.GetValueOrDefault(ReasonKey, ""));
    }

    private static JobId Id(string text) =>
        JobId.TryParse(text, out var id) ? id : throw new FormatException($"not a job id: '{text}'");

    private static DateTimeOffset Time(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time : throw new FormatException($"queued_at is not a time: '{text}'");
}
