namespace Cion.Core.Jobs;

/// <summary>
/// What makes a job a deploy (<c>cion deploy</c>, <c>cion rollback</c>): run the release step of an
/// earlier succeeded job (<see cref="Source"/>) with its artifacts, to <see cref="Environment"/>,
/// without checking out or building. The job's <c>New</c> and <c>Ref</c> are the source job's.
/// </summary>
/// <param name="Kind"><see cref="Deploy"/> or <see cref="Rollback"/>: how the ledger records it.</param>
/// <param name="Reason">Why, as the user gave it with <c>--reason</c>; may be empty.</param>
public sealed record DeployRequest(JobId Source, string Environment, string Kind, string Reason)
{
    public const string Deploy = "deploy", Rollback = "rollback";

    /// <summary>The kind a push's own release is recorded as in the ledger.</summary>
    public const string Push = "push";

    public static bool IsKind(string kind) => kind is Deploy or Rollback;
}
