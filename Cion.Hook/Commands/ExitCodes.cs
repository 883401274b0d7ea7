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
}
