namespace Cion.Tests.Support;

/// <summary>Waits for a fact with a generous timeout instead of sleeping for a fixed time.</summary>
public static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);

    public static T Until<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (true)
        {
            if (probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => condition() ? "" : null, what, timeout);
}
