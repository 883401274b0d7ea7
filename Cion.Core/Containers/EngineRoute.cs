namespace Cion.Core.Containers;

/// <summary>
/// Which engine a job's calls go to, for the rest of the job's own flow (an <see cref="AsyncLocal{T}"/>).
/// The job runner begins a route before anything else and fills in <see cref="Engine"/> once its host is
/// known; <see cref="RoutedEngine"/> reads it. So every part of cion that asks "the" engine (steps,
/// services, caches, cleanup) asks the job's node on a Swarm, without a parameter threaded through all of them.
/// </summary>
public sealed class EngineRoute : IDisposable
{
    private static readonly AsyncLocal<EngineRoute?> Ambient = new();
    private readonly EngineRoute? _outer;

    private EngineRoute(EngineRoute? outer) => _outer = outer;

    /// <summary>The route of the current flow, or null outside a job.</summary>
    public static EngineRoute? Current => Ambient.Value;

    /// <summary>The job's engine; null: the daemon's own.</summary>
    public IContainerEngine? Engine { get; set; }

    /// <summary>
    /// Starts a route for the calling method and what it awaits. Call it from the method that runs the job
    /// (not from one it awaits: a value set inside an awaited method is gone when it returns).
    /// </summary>
    public static EngineRoute Begin()
    {
        var route = new EngineRoute(Ambient.Value);
        Ambient.Value = route;
        return route;
    }

    public void Dispose() => Ambient.Value = _outer;
}
