namespace Cion.Bench.Support;

/// <summary>
/// Compiles Floors/durable-hook.c for one spool and installs the binary as a repo's post-receive,
/// the way cion install-hook links cion: the hook-cost benchmark's floor for a durable hook.
/// </summary>
public static class DurableHook
{
    /// <summary>What its job files are named, so they are not counted as cion's.</summary>
    public const string FilePrefix = "floor.";

    public static void Install(string hookPath, string spool)
    {
        var source = Path.Combine(Paths.RepoRoot, "bench", "Cion.Bench", "Floors", "durable-hook.c");
        Proc.Run("gcc", ["-O2", $"-DSPOOL=\"{spool}\"", "-o", hookPath, source]);
    }
}
