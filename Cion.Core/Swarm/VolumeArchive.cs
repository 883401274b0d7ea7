using Cion.Core.Containers.Docker;

namespace Cion.Core.Swarm;

/// <summary>
/// A job's volume as an archive on the link (<see cref="LinkProtocol"/>'s <c>fill</c> and <c>read</c>), at both ends:
/// ciond sends a host folder's content and reads a volume back; cion-runner unpacks into and packs from the volume's
/// folder on its node. Every name is under one top folder, <c>data/</c>, the way the engine's archive API names a
/// folder's content, so both ends unpack with the same checks (<see cref="TarExtract"/>).
/// </summary>
public static class VolumeArchive
{
    private const string Top = "data";

    /// <summary>ciond: everything inside <paramref name="hostFolder"/> (not the folder itself: the volume keeps its own mode and owner, as the engine's archive upload leaves it).</summary>
    public static Task SendFolderAsync(string hostFolder, Stream link, CancellationToken ct) =>
        SendAsync(link, (tar, stop) => TarCopy.WriteFolders([(hostFolder, Top + "/")], tar, stop), () => Task.CompletedTask, ct);

    /// <summary>cion-runner: the volume's folder and everything in it, never following a link.</summary>
    /// <param name="beforeLastFrame">Throws when what was sent cannot be trusted after all: the archive then goes without its last frame, a cut one.</param>
    public static Task SendVolumeAsync(string volumeFolder, Stream link, Func<Task> beforeLastFrame, CancellationToken ct) =>
        SendAsync(link, (tar, stop) => TarCopy.WriteFolder(volumeFolder, Top, tar, stop), beforeLastFrame, ct);

    /// <summary>cion-runner: unpacks the archive ciond sends into the (empty) volume folder, with the owners it names.</summary>
    public static async Task ReceiveIntoVolumeAsync(Stream link, string volumeFolder, CancellationToken ct)
    {
        var frames = LinkFrames.Read(link);
        // .NET's tar reader takes no bytes at all for a cut archive, not an empty one.
        if (await frames.IsEmptyAsync(ct)) return;
        try
        {
            await TarExtract.IntoAsync(frames, volumeFolder, ct, keepOwners: true);
        }
        catch (Exception e) when (e is InvalidDataException or UnauthorizedAccessException || e is IOException and not EndOfStreamException)
        {
            // ciond is still sending: take the rest, so it reads why rather than a connection reset.
            await frames.ReadToEndAsync(ct);
            throw;
        }
        await frames.ReadToEndAsync(ct);
    }

    /// <summary>ciond: unpacks a volume's archive into <paramref name="hostFolder"/>, which must be new; owners are not kept.</summary>
    /// <exception cref="EndOfStreamException">The archive came cut.</exception>
    public static async Task ReceiveIntoHostAsync(Stream link, string hostFolder, CancellationToken ct)
    {
        var frames = LinkFrames.Read(link);
        await TarExtract.IntoAsync(frames, hostFolder, ct);
        await frames.ReadToEndAsync(ct);
    }

    private static async Task SendAsync(Stream link, Action<Stream, CancellationToken> write, Func<Task> beforeLastFrame, CancellationToken ct)
    {
        var frames = LinkFrames.Write(link);
        // TarWriter writes headers of 512 bytes: a frame (and a TLS record) each would cost more than the bytes.
        await Task.Run(() =>
        {
            using var buffered = new BufferedStream(frames, LinkFrames.MaxFrame);
            write(buffered, ct);
        }, ct);
        await beforeLastFrame();
        await frames.EndAsync(ct);
    }
}
