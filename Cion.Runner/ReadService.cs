using Cion.Core.Swarm;

namespace Cion.Runner;

/// <summary><c>read</c>: the volume's folder as an archive, whose last frame says it is whole.</summary>
/// <param name="inUse">Whether a running container uses the volume now (<see cref="JobVolumes.InUseAsync"/>).</param>
internal sealed class ReadService(string folder, Func<Task<bool>> inUse, Action<string> log) : ILinkService
{
    public async Task ServeAsync(Stream link, CancellationToken ct)
    {
        try
        {
            await VolumeArchive.SendVolumeAsync(folder, link, async () =>
            {
                // A container that started meanwhile could have swapped a folder for a link under the packing.
                if (await inUse()) throw new IOException($"a running container started using {folder} during the reading");
            }, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No last frame: ciond takes the archive as cut and asks the engine instead.
            log($"reading {folder} failed: {e.Message}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
