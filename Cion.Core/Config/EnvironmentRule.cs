namespace Cion.Core.Config;

/// <summary>
/// One entry of the server config's <c>environments:</c> map: for the repositories
/// <see cref="Repos"/> matches, who may deploy to <see cref="Environment"/>. The server decides
/// this, not the pushed <c>.cion.yml</c>, which can only narrow it.
/// </summary>
/// <param name="Repos">A repository glob (<c>team/*</c>), as in <c>dind.trusted</c>.</param>
/// <param name="Branches">Branch globs that may release to the environment; empty: no branch may.</param>
/// <param name="Users">
/// System users and <c>@group</c>s who may deploy or roll back to it by hand; null: anyone who may
/// write the repository. Enforced for <c>cion deploy</c> and <c>cion rollback</c> (see <c>Spool.DeployIntake</c>).
/// </param>
public sealed record EnvironmentRule(string Repos, string Environment, IReadOnlyList<string> Branches, IReadOnlyList<string>? Users)
{
    /// <summary>Where the rule is written, for messages: <c>environments.team/*.production</c>.</summary>
    public string Key => $"environments.{Repos}.{Environment}";
}
