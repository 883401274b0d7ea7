namespace Cion.Core.Containers;

/// <summary>Pure: splits <c>registry:5000/team/app:1.2</c> into name and tag for a pull.</summary>
public static class ImageReference
{
    /// <summary>
    /// The tag defaults to <c>latest</c>: the engine's pull API takes an empty tag to mean
    /// "every tag", which is never what a step wants. A digest (<c>@sha256:…</c>) stays in the name.
    /// </summary>
    public static (string Name, string Tag) Split(string image)
    {
        if (image.Contains('@')) return (image, "");
        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > lastSlash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
