using System.IO.Pipelines;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Sends a tar stream into a container's filesystem (the archive API's PUT) as it is written: a checkout of
/// gigabytes passes through a small pipe instead of memory or a temporary file.
/// </summary>
internal static class TarPut
{
    /// <param name="path">The container folder the archive's names are relative to; it must exist.</param>
    /// <param name="write">Writes the whole archive on a thread of its own; stops when its token says.</param>
    public static async Task IntoAsync(IDockerClient docker, string id, string path, Action<Stream, CancellationToken> write, CancellationToken ct)
    {
        var pipe = new Pipe();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writing = Task.Run(() =>
        {
            var tar = pipe.Writer.AsStream(leaveOpen: true);
            try
            {
                write(tar, stop.Token);
                tar.Flush();
                pipe.Writer.Complete();
            }
            catch (Exception e)
            {
                // Completing with the error ends the request with it: a cut archive must not pass for a whole one.
                pipe.Writer.Complete(e);
                throw;
            }
        }, CancellationToken.None);
        try
        {
            // CopyUIDGID: files keep their host owners, as a bind mount shows them.
            await docker.Containers.ExtractArchiveToContainerAsync(id,
                new CopyToContainerParameters { Path = path, CopyUIDGID = true }, pipe.Reader.AsStream(), ct);
        }
        catch
        {
            stop.Cancel();
            await pipe.Reader.CompleteAsync();
            // The writer's own failure (a file that vanished, a folder it may not read) says more than the request's.
            try { await writing; }
            catch (OperationCanceledException) { }
            throw;
        }
        await writing;
    }
}
