using System.Text.RegularExpressions;

namespace Cion.Core.Contract;

/// <summary>Pure: checks and splits <c>registry:5000/team/app:1.2</c> into name and tag for a pull.</summary>
public static partial class ImageReference
{
    /// <summary>Whether the text is an image reference Docker accepts: [host[:port]/]path[:tag][@digest], lowercase path.</summary>
    public static bool IsValid(string image) => image.Length <= 512 && Shape().IsMatch(image);

    // A first part is a registry host only with a dot, a port or 'localhost' (as Docker reads it).
    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|localhost|[a-zA-Z0-9-]+(?=:[0-9]+/))(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$")]
    private static partial Regex Shape();

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
