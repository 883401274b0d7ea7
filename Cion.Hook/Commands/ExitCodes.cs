namespace Cion.Hook.Commands;

/// <summary>Exit codes of the <c>cion</c> command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran and something in its input was wrong (a repo outside the roots, a foreign hook).</summary>
    public const int Refused = 1;
    /// <summary>The server config is missing or broken.</summary>
    public const int BadConfig = 2;
    /// <summary>cion could not do its work (a spool it cannot write, a crash).</summary>
    public const int Failed = 3;

    /// <summary><c>cion show</c>: how the job ended.</summary>
    public const int JobFailed = 4, JobError = 5, JobCancelled = 6, JobNotFinished = 7;

    public static int ForStatus(Cion.Core.Jobs.JobState? state) => state switch
    {
        Cion.Core.Jobs.JobState.Succeeded => Ok,
        Cion.Core.Jobs.JobState.Failed => JobFailed,
        Cion.Core.Jobs.JobState.Error => JobError,
        Cion.Core.Jobs.JobState.Cancelled => JobCancelled,
        _ => JobNotFinished,
    };
}
