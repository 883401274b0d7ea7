using Cion.Core.Swarm;

namespace Cion.Runner;

/// <summary><c>docker</c> and <c>tcp</c>: bytes both ways between the link and the opened connection.</summary>
internal sealed class PipeService(Stream target) : ILinkService
{
    public Task ServeAsync(Stream link, CancellationToken ct) => StreamPipe.RunAsync(link, target, ct);

    public ValueTask DisposeAsync() => target.DisposeAsync();
}
