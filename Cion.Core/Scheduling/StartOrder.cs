namespace Cion.Core.Scheduling;

/// <summary>Pure: which waiting job the scheduler starts next, oldest first, within the concurrency.</summary>
public static class StartOrder
{
    /// <param name="oldestFirst">The names in <c>spool/new</c>, oldest first (job ids sort by queue time).</param>
    /// <param name="isWaiting">Whether a name was taken in and still waits here: a rejected file or one just tried is not.</param>
    /// <param name="running">How many jobs this daemon runs, adopted ones included: they hold containers as much as any.</param>
    /// <param name="concurrency">The most jobs this daemon runs at once.</param>
    /// <returns>The name to claim and start, or null when no slot is free or nothing waits.</returns>
    /// <remarks>
    /// One name at a time, not a batch: a claim another daemon wins starts nothing here, and the
    /// next call then offers the slot to the next job in line.
    /// </remarks>
    public static string? Next(IReadOnlyList<string> oldestFirst, Func<string, bool> isWaiting, int running, int concurrency) =>
        running >= concurrency ? null : oldestFirst.FirstOrDefault(isWaiting);
}
