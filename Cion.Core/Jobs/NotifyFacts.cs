namespace Cion.Core.Jobs;

/// <summary>What a notification is told about the job that ended, read from its final files.</summary>
/// <param name="Previous">The branch's previous finished job's status (<see cref="State.BranchHistory"/>), or null.</param>
/// <param name="Environment">The environment its release ran for, or null when no release ran.</param>
/// <param name="Deployed">Its release ran and exited 0.</param>
/// <param name="Url">Its page on cion-web, when the site's public address (<c>web.url</c>) is set.</param>
public sealed record NotifyFacts(JobState Status, JobState? Previous, string? Environment, bool Deployed, string? Url);
