using Cion.Web.Rendering;

namespace Cion.Tests.Web.Rendering;

public sealed class AnsiStateTests
{
    [Test]
    public void Format_IsEmpty_ForDefault() =>
        Assert.That(default(AnsiState).Format(), Is.EqualTo(""));

    [Test]
    public void Format_ListsCodesInOneOrder_ForEveryAttribute() =>
        Assert.That(new AnsiState { Background = 8, Foreground = 15, Underline = true, Italic = true, Dim = true, Bold = true }.Format(),
            Is.EqualTo("1;2;3;4;97;100"));

    [TestCase("")]
    [TestCase("1")]
    [TestCase("2")]
    [TestCase("1;2")]
    [TestCase("3;4")]
    [TestCase("31")]
    [TestCase("90")]
    [TestCase("40")]
    [TestCase("107")]
    [TestCase("1;31;44")]
    [TestCase("1;2;3;4;97;107")]
    public void TryParse_RoundTrips_WhatFormatWrites(string text)
    {
        Assert.That(AnsiState.TryParse(text, out var state), Is.True);
        Assert.That(state.Format(), Is.EqualTo(text));
    }

    [TestCase(null)]
    [TestCase("0")]
    [TestCase("1;1")]
    [TestCase("31;1")]
    [TestCase("31;32")]
    [TestCase("22;1")]
    [TestCase("38;5;1")]
    [TestCase("39")]
    [TestCase("9")]
    [TestCase("01")]
    [TestCase(";1")]
    [TestCase("1;")]
    [TestCase(" 1")]
    [TestCase("1:31")]
    [TestCase("1;31;44;")]
    [TestCase("x")]
    [TestCase("1;2;3;4;97;107;1;2;3;4;97;107;1;2")]
    public void TryParse_Refuses_AnythingFormatWouldNotWrite(string? text)
    {
        Assert.That(AnsiState.TryParse(text, out var state), Is.False);
        Assert.That(state, Is.EqualTo(default(AnsiState)));
    }

    [TestCase(-1)]
    [TestCase(16)]
    public void Foreground_Throws_WhenOutsideThePalette(int index) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AnsiState { Foreground = index });

    [Test]
    public void IsDefault_IsFalse_OnceAnythingIsSet() =>
        Assert.That(new AnsiState { Background = 0 }.IsDefault, Is.False);
}
