namespace Cion.Core.Containers;

/// <summary>Pure data: what a cleanup removed, and what it left behind for the next start's sweep and why.</summary>
/// <param name="Left">Each thing left, named as a user would look for it (<c>container cion-…-build</c>), with the reason.</param>
public sealed record CleanupReport(int Removed, IReadOnlyList<(string What, string Why)> Left)
{
    public static readonly CleanupReport Nothing = new(0, []);

    public bool Complete => Left.Count == 0;

    /// <summary>Two cleanups' reports as one.</summary>
    public CleanupReport And(CleanupReport other) => new(Removed + other.Removed, [.. Left, .. other.Left]);

    /// <summary>One line for cion.log and the daemon's log: what is left, grouped by why.</summary>
    public string DescribeLeft() =>
        "could not remove " + string.Join("; ", Left.GroupBy(l => l.Why).Select(g => $"{string.Join(", ", g.Select(l => l.What))} ({g.Key})"));
}
