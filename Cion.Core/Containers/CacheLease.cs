namespace Cion.Core.Containers;

/// <summary>A chosen data root; disposing it lets the next job choose.</summary>
public sealed class CacheLease(ContainerSpec container, SemaphoreSlim? gate) : IDisposable
{
    public ContainerSpec Container { get; } = container;

    public void Dispose() => Interlocked.Exchange(ref gate, null)?.Release();
}
