namespace Cion.Web.Rendering;

/// <summary>
/// Folds the 256-colour and 24-bit colours a log may ask for onto the 16 the page styles,
/// so the page needs only a fixed set of CSS classes and no inline styles.
/// </summary>
internal static class AnsiPalette
{
    public const int Size = 16;

    /// <summary>
    /// xterm's default 16 colours, used only to judge which one is nearest; the page's own
    /// shades live in ansi.css.
    /// </summary>
    private static readonly (int R, int G, int B)[] Reference =
    [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ];

    /// <summary>The levels of each axis of the 6x6x6 cube that makes up colours 16-231.</summary>
    private static readonly int[] CubeLevels = [0, 95, 135, 175, 215, 255];

    /// <summary>A 256-colour index (0-255) as one of the 16.</summary>
    public static int FromIndexed(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 255);
        if (index < Size)
            return index;
        if (index >= 232)
        {
            var grey = 8 + 10 * (index - 232);
            return FromRgb(grey, grey, grey);
        }
        var cube = index - 16;
        return FromRgb(CubeLevels[cube / 36], CubeLevels[cube / 6 % 6], CubeLevels[cube % 6]);
    }

    /// <summary>A 24-bit colour as the nearest of the 16; on a tie the lower index wins.</summary>
    public static int FromRgb(int r, int g, int b)
    {
        var nearest = 0;
        var nearestDistance = int.MaxValue;
        for (var i = 0; i < Size; i++)
        {
            var (pr, pg, pb) = Reference[i];
            var distance = (r - pr) * (r - pr) + (g - pg) * (g - pg) + (b - pb) * (b - pb);
            if (distance < nearestDistance)
                (nearest, nearestDistance) = (i, distance);
        }
        return nearest;
    }
}
