using Cion.Core.Contract;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>Makes sure a step's image is on the engine, pulling it when it is not.</summary>
internal static class ImagePull
{
    /// <returns>What the image runs by default, read from the engine's look at it (no extra call when it is present).</returns>
    /// <exception cref="ImageUnavailableException">Not present and the pull failed.</exception>
    public static async Task<ImageCommand> EnsureAsync(IDockerClient docker, string image, Action<string> log, CancellationToken ct)
    {
        try
        {
            return CommandOf(await docker.Images.InspectImageAsync(image, ct));
        }
        catch (DockerImageNotFoundException)
        {
            log($"image {image} is not present; pulling it");
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, DockerErrors.Text(e));
        }
        var (name, tag) = ImageReference.Split(image);
        string? error = null;
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null,
                new ImmediateProgress<JSONMessage>(m => error ??= m.Error?.Message), ct);
        }
        catch (DockerApiException e)
        {
            throw new ImageUnavailableException(image, DockerErrors.Text(e));
        }
        if (error is not null) throw new ImageUnavailableException(image, error);
        log($"pulled image {image}");
        return CommandOf(await docker.Images.InspectImageAsync(image, ct));
    }

    private static ImageCommand CommandOf(ImageInspectResponse image) =>
        new([.. image.Config?.Entrypoint ?? []], [.. image.Config?.Cmd ?? []]);
}
