using Cion.Core.Swarm;

namespace Cion.Runner;

/// <summary><c>fill</c>: unpacks ciond's archive into the volume's folder, then says whether it all landed.</summary>
/// <param name="inUse">Whether a running container uses the volume now (<see cref="JobVolumes.InUseAsync"/>).</param>
internal sealed class FillService(string folder, Func<Task<bool>> inUse, Action<string> log) : ILinkService
{
    public async Task ServeAsync(Stream link, CancellationToken ct)
    {
        string end;
        try
        {
            await VolumeArchive.ReceiveIntoVolumeAsync(link, folder, ct);
            // A container that started meanwhile could have moved things under the unpacking: not a filling to trust.
            end = await inUse() ? LinkProtocol.FailedLine($"a running container started using {folder} during the filling") : LinkProtocol.DoneLine();
        }
        catch (Exception e) when (e is InvalidDataException or UnauthorizedAccessException || e is IOException and not EndOfStreamException)
        {
            // What was unpacked stays: ciond removes a volume whose filling failed, then the marker volume that marks it unfinished.
            log($"filling {folder} failed: {e.Message}");
            end = LinkProtocol.FailedLine(e.Message);
        }
        await LinkProtocol.WriteLineAsync(link, end, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
