using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers;

/// <summary>
/// Runs step containers on a Docker engine.
/// Contract: <see cref="RunAsync"/> creates, starts, streams and waits for one container and
/// always removes it, on success, failure, exception and cancellation alike.
/// <see cref="RemoveJobContainersAsync"/> is safe to call at any time, even when nothing
/// was created. All methods are safe to call concurrently for different jobs.
/// </summary>
public sealed class DockerRunner(IDockerClient docker)
{
    /// <summary>Makes sure the image is present, pulling it when it is not.</summary>
    /// <exception cref="ImageUnavailableException">Not present and the pull failed.</exception>
    public async Task EnsureImageAsync(string image, Action<string> log, CancellationToken ct)
    {
        try
        {
            await docker.Images.InspectImageAsync(image, ct);
            return;
        }
        catch (DockerImageNotFoundException)
        {
            log($"image {image} is not present; pulling it");
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, e.ResponseBody?.Trim() ?? e.Message);
        }
        var (name, tag) = ImageReference.Split(image);
        string? error = null;
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null,
                new Progress<JSONMessage>(m => error ??= m.Error?.Message), ct);
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, ErrorText(e));
        }
        if (error is not null) throw new ImageUnavailableException(image, error);
        log($"pulled image {image}");
    }

    /// <summary>Runs the container to its end, copying stdout and stderr into <paramref name="output"/> as they arrive.</summary>
    /// <returns>The container's exit code.</returns>
    public async Task<long> RunAsync(ContainerSpec spec, Stream output, CancellationToken ct)
    {
        CreateContainerResponse created;
        try
        {
            created = await docker.Containers.CreateContainerAsync(ToParameters(spec), ct);
        }
        catch (OperationCanceledException)
        {
            // The engine may have created it before the request was abandoned: remove it by name.
            await RemoveAsync(spec.Name);
            throw;
        }
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), ct);
            await CopyLogsAsync(created.ID, output, ct);
            var exit = await docker.Containers.WaitContainerAsync(created.ID, ct);
            return exit.StatusCode;
        }
        finally
        {
            // Not the caller's token: a cancelled job must still lose its container.
            await RemoveAsync(created.ID);
        }
    }

    /// <summary>Removes every container labelled with this job (or, with null, with any job).</summary>
    public async Task<int> RemoveJobContainersAsync(string? jobId, CancellationToken ct = default)
    {
        var label = jobId is null ? Labels.Job : $"{Labels.Job}={jobId}";
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        }, ct);
        foreach (var container in containers) await RemoveAsync(container.ID);
        return containers.Count;
    }

    private async Task CopyLogsAsync(string id, Stream output, CancellationToken ct)
    {
        using var logs = await docker.Containers.GetContainerLogsAsync(id,
            new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, ct);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, ct);
            if (read.EOF) break;
            await output.WriteAsync(buffer.AsMemory(0, read.Count), ct);
            // Flush per chunk so 'tail -f build.log' shows output as the step writes it.
            await output.FlushAsync(ct);
        }
    }

    private async Task RemoveAsync(string id)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone: that is the state we wanted.
        }
    }

    private static CreateContainerParameters ToParameters(ContainerSpec spec) => new()
    {
        Name = spec.Name,
        Image = spec.Image,
        Env = [.. spec.Env.Select(kv => $"{kv.Key}={kv.Value}")],
        Cmd = spec.Cmd?.ToList()!,
        WorkingDir = spec.WorkingDir!,
        Labels = new Dictionary<string, string>(spec.Labels),
        AttachStdout = true,
        AttachStderr = true,
        Tty = false,
        HostConfig = new HostConfig
        {
            Binds = [.. spec.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}:{(m.ReadOnly ? "ro" : "rw")}")],
            // Never privileged, never the host's Docker socket: a step is untrusted code from a push.
            Privileged = false,
        },
    };

    private static string ErrorText(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? "";
        return body.Length > 0 ? body : e.Message;
    }
}
