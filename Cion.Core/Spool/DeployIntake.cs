using Cion.Core.Config;
using Cion.Core.Jobs;
using Cion.Core.Posix;

namespace Cion.Core.Spool;

/// <summary>
/// What the intake asks of a deploy file (<c>cion deploy</c>, <c>cion rollback</c>) beyond what it asks
/// of every job file: the ledger records a deploy as by its <c>pushed_by</c>, so that must be the file's
/// owner; and where the server's <c>environments:</c> rule names <c>users</c>, the owner must be one of
/// them (or in one of its <c>@group</c>s). A file refused here is set aside in <c>spool/bad</c>.
/// </summary>
public static class DeployIntake
{
    /// <returns>Why the deploy is not honoured, or null (always for a job that is not a deploy).</returns>
    /// <exception cref="IOException">The account database could not be read: try again later.</exception>
    public static string? Refusal(Job job, FileStatus file, ServerConfig server)
    {
        if (job.Deploy is not { } deploy) return null;
        var owner = UserAccounts.Find(file.Uid);
        return Refusal(job, deploy, owner, owner.Name is null ? [] : UserAccounts.GroupNames(owner), server.Environments, server.SourceFile);
    }

    /// <summary>Pure: the judgement, given the owner and the names of its groups.</summary>
    public static string? Refusal(Job job, DeployRequest deploy, Account owner, IReadOnlyList<string> ownerGroups,
        IEnumerable<EnvironmentRule> rules, string serverConfigFile)
    {
        if (owner.Name != job.PushedBy)
            return $"a {deploy.Kind} names pushed_by={job.PushedBy}, but its file belongs to {owner}: a deploy is recorded as by its file's owner";
        return EnvironmentPermission.DeployRefusal(rules, job.Repo, deploy.Environment, job.PushedBy, ownerGroups, serverConfigFile) is { } why
            ? $"{deploy.Kind} refused: {why}" : null;
    }
}
