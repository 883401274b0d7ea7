namespace Cion.Runner;

/// <summary>What the runner does for a request it answered <c>ok</c>: serves the link, then lets go of what it opened.</summary>
internal interface ILinkService : IAsyncDisposable
{
    Task ServeAsync(Stream link, CancellationToken ct);
}
