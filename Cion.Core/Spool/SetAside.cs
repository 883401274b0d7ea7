using Microsoft.Extensions.Logging;

namespace Cion.Core.Spool;

/// <summary>
/// Moves a spool entry cion does not honour into <c>bad/</c> and says so in the daemon's log. An
/// entry that cannot be moved stays where it is and is judged again on the next pass.
/// </summary>
internal static class SetAside
{
    /// <param name="what">The entry as the log names it: <c>spool file NAME</c>, <c>cancel request for JOB_ID</c>.</param>
    /// <param name="move">The move itself (<see cref="SpoolQueue.Reject"/> or <see cref="SpoolQueue.RejectCancelRequest"/>).</param>
    public static void Logged(ILogger logger, SpoolLayout spool, string what, string why, Action move)
    {
        logger.LogWarning("{What} set aside in {Bad}: {Why}", what, spool.Bad, why);
        try
        {
            move();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "cannot move {What} to {Bad}; it stays where it is", what, spool.Bad);
        }
    }
}
