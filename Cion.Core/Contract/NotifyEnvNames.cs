namespace Cion.Core.Contract;

/// <summary>What a notification's container is told about the job that ended; a <c>notify.env</c> may not set these.</summary>
public static class NotifyEnvNames
{
    /// <summary>Where the run's <c>result</c> file is mounted, read-only (also in <see cref="EnvNames.Result"/>).</summary>
    public const string ResultPath = "/cion/result";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        EnvNames.Repo, EnvNames.Branch, EnvNames.Commit, EnvNames.Status, EnvNames.PreviousStatus,
        EnvNames.Job, EnvNames.Environment, EnvNames.Url, EnvNames.Result, EnvNames.Ref, EnvNames.Sha,
    };
}
