namespace Cion.Core.Swarm;

/// <summary>The exit codes of cion-runner that ciond acts on, read from its Swarm task.</summary>
public static class RunnerExit
{
    /// <summary>
    /// Its port is held on its node by something that is not a cion runner (ciond keeps runners apart itself): ciond
    /// places the job again on another port. EADDRINUSE's number on Linux, for whoever reads the task by hand.
    /// </summary>
    public const int PortTaken = 98;
}
