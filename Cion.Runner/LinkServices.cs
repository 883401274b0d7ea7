using Cion.Core.Swarm;

namespace Cion.Runner;

/// <summary>What the runner does for a request it answered <c>ok</c>: serves the link, then lets go of what it opened.</summary>
internal interface ILinkService : IAsyncDisposable
{
    Task ServeAsync(Stream link, CancellationToken ct);
}

/// <summary><c>docker</c> and <c>tcp</c>: bytes both ways between the link and the opened connection.</summary>
internal sealed class PipeService(Stream target) : ILinkService
{
    public Task ServeAsync(Stream link, CancellationToken ct) => StreamPipe.RunAsync(link, target, ct);

    public ValueTask DisposeAsync() => target.DisposeAsync();
}

/// <summary><c>fill</c>: unpacks ciond's archive into the volume's folder, then says whether it all landed.</summary>
internal sealed class FillService(string folder, Action<string> log) : ILinkService
{
    public async Task ServeAsync(Stream link, CancellationToken ct)
    {
        string end;
        try
        {
            await VolumeArchive.ReceiveIntoVolumeAsync(link, folder, ct);
            end = LinkProtocol.DoneLine();
        }
        catch (Exception e) when (e is InvalidDataException or UnauthorizedAccessException || e is IOException and not EndOfStreamException)
        {
            // What was unpacked stays: ciond removes a volume whose filling failed, with the helper that marks it unfinished.
            log($"filling {folder} failed: {e.Message}");
            end = LinkProtocol.FailedLine(e.Message);
        }
        await LinkProtocol.WriteLineAsync(link, end, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary><c>read</c>: the volume's folder as an archive, whose last frame says it is whole.</summary>
internal sealed class ReadService(string folder, Action<string> log) : ILinkService
{
    public async Task ServeAsync(Stream link, CancellationToken ct)
    {
        try { await VolumeArchive.SendVolumeAsync(folder, link, ct); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No last frame: ciond takes the archive as cut and asks the engine instead.
            log($"reading {folder} failed: {e.Message}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
