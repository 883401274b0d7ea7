namespace Cion.Core.Jobs;

/// <summary>
/// One push of one ref, as the hook saw it. Immutable: a retry is a new job with a new id.
/// </summary>
public sealed record Job
{
    public required JobId Id { get; init; }
    /// <summary>The repository's name: its path under a <c>repos</c> root, without <c>.git</c>.</summary>
    public required string Repo { get; init; }
    /// <summary>Absolute path of the bare repository.</summary>
    public required string RepoPath { get; init; }
    public required string Ref { get; init; }
    public required string Old { get; init; }
    public required string New { get; init; }
    public required string PushedBy { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
    /// <summary>The pusher's <c>git push -o</c> options, as given.</summary>
    public IReadOnlyList<string> PushOptions { get; init; } = [];
    /// <summary>The job this one runs again (<c>cion retry</c>), if any.</summary>
    public JobId? RetryOf { get; init; }
    /// <summary>Set when the job deploys an earlier job's build instead of building (<c>cion deploy</c>, <c>cion rollback</c>).</summary>
    public DeployRequest? Deploy { get; init; }

    public const string BranchPrefix = "refs/heads/";

    /// <summary>The branch name for <c>refs/heads/…</c> refs; empty for tags and other refs.</summary>
    public string Branch => Ref.StartsWith(BranchPrefix, StringComparison.Ordinal) ? Ref[BranchPrefix.Length..] : "";

    public string ShortSha => New[..Math.Min(7, New.Length)];

    public bool Equals(Job? other) =>
        other is not null && Id == other.Id && Repo == other.Repo && RepoPath == other.RepoPath && Ref == other.Ref
        && Old == other.Old && New == other.New && PushedBy == other.PushedBy && QueuedAt == other.QueuedAt
        && PushOptions.SequenceEqual(other.PushOptions) && RetryOf == other.RetryOf && Deploy == other.Deploy;

    public override int GetHashCode() => Id.GetHashCode();
}
