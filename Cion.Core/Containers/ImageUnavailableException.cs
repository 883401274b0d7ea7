namespace Cion.Core.Containers;

/// <summary>The step's image is not on the engine and could not be pulled; the job ends in <c>error</c>.</summary>
public sealed class ImageUnavailableException(string image, string reason)
    : Exception($"image '{image}' is not available locally and could not be pulled: {reason}")
{
    public string Image { get; } = image;
}
