using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>Copies a container's output into a step's log as it arrives, skipping what an earlier daemon wrote and stopping at the log's limit.</summary>
internal static class ContainerLogCopy
{
    public static async Task CopyAsync(IDockerClient docker, string id, Stream output, long skipBytes, long limit, CancellationToken ct)
    {
        var room = limit - skipBytes;
        var truncated = room <= 0;
        using var logs = await docker.Containers.GetContainerLogsAsync(id,
            new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, ct);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, ct);
            if (read.EOF) break;
            // The engine replays the whole log; the part an earlier daemon already wrote is skipped.
            var skip = (int)Math.Min(skipBytes, read.Count);
            skipBytes -= skip;
            if (skip == read.Count || truncated) continue; // past the limit the stream is drained, not kept
            var take = (int)Math.Min(read.Count - skip, room);
            await output.WriteAsync(buffer.AsMemory(skip, take), ct);
            room -= take;
            if (take < read.Count - skip)
            {
                truncated = true;
                await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(
                    $"\n[cion: this log reached its limit of {Config.ByteSize.Format(limit)}; the rest of the output was dropped]\n"), ct);
            }
            // Flush per chunk so 'tail -f build.log' shows output as the step writes it.
            await output.FlushAsync(ct);
        }
    }
}
