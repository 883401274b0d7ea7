namespace Cion.Core.Containers;

/// <summary>One warm engine as the plan sees it: whose it is, whether it is up yet, since when.</summary>
public sealed record WarmSlot(CachePool Pool, bool Ready, DateTimeOffset Since);

/// <summary>What to do when a pool's engine has been given back.</summary>
/// <param name="Start">Start a warm engine for the pool.</param>
/// <param name="Retire">A waiting engine of another pool to stop first, to stay within <c>dind.warm.max</c>.</param>
public sealed record WarmDecision(bool Start, WarmSlot? Retire, string Why);

/// <summary>
/// Pure: whether a pool whose engine was just given back gets a warm engine. One waits per pool at most (a
/// pool's jobs mostly come one after another); the repository that built last is the likeliest to build next,
/// so at <c>dind.warm.max</c> it takes the place of the engine that has waited longest. One still starting is never
/// retired: it was wanted more recently than anything waiting.
/// </summary>
public static class WarmPlan
{
    public static WarmDecision Decide(IReadOnlyList<WarmSlot> waiting, CachePool pool, int max)
    {
        if (max <= 0) return new(false, null, "dind.warm.max is 0");
        if (waiting.Any(s => s.Pool == pool)) return new(false, null, "one is waiting already");
        if (waiting.Count < max) return new(true, null, "a free place");
        var oldest = waiting.Where(s => s.Ready).OrderBy(s => s.Since).FirstOrDefault();
        return oldest is null
            ? new(false, null, $"all {max} places are starting")
            : new(true, oldest, $"takes the place of {oldest.Pool.Repo}'s, waiting since {oldest.Since:HH:mm:ss}");
    }
}
