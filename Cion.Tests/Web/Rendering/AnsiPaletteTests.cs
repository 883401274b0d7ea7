using Cion.Web.Rendering;

namespace Cion.Tests.Web.Rendering;

public sealed class AnsiPaletteTests
{
    [TestCase(0, 0)]
    [TestCase(7, 7)]
    [TestCase(15, 15)]
    [TestCase(16, 0)]
    [TestCase(196, 9)]
    [TestCase(46, 10)]
    [TestCase(21, 4)]
    [TestCase(226, 11)]
    [TestCase(231, 15)]
    [TestCase(232, 0)]
    [TestCase(244, 8)]
    [TestCase(255, 7)]
    public void FromIndexed_GivesNearestOfSixteen_For256ColourIndex(int index, int expected) =>
        Assert.That(AnsiPalette.FromIndexed(index), Is.EqualTo(expected));

    [TestCase(0, 0, 0, 0)]
    [TestCase(255, 255, 255, 15)]
    [TestCase(200, 10, 10, 1)]
    [TestCase(250, 20, 20, 9)]
    [TestCase(128, 128, 128, 8)]
    [TestCase(255, 128, 0, 3)]
    [TestCase(10, 10, 230, 4)]
    [TestCase(100, 100, 250, 12)]
    public void FromRgb_GivesNearestOfSixteen_ForRgb(int r, int g, int b, int expected) =>
        Assert.That(AnsiPalette.FromRgb(r, g, b), Is.EqualTo(expected));

    [TestCase(-1)]
    [TestCase(256)]
    public void FromIndexed_Throws_OutsideTheTable(int index) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AnsiPalette.FromIndexed(index));
}
