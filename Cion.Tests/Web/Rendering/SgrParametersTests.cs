using Cion.Web.Rendering;

namespace Cion.Tests.Web.Rendering;

public sealed class SgrParametersTests
{
    [TestCase("", "")]
    [TestCase("0", "")]
    [TestCase("1;31", "1;31")]
    [TestCase("1;0;32", "32")]
    [TestCase("1;;4", "4")]
    [TestCase("1;2;22", "")]
    [TestCase("3;23", "")]
    [TestCase("4;24", "")]
    [TestCase("31;39", "")]
    [TestCase("41;49", "")]
    [TestCase("31;32", "32")]
    [TestCase("97;107", "97;107")]
    [TestCase("99;1", "1")]
    [TestCase("123456;1", "1")]
    [TestCase("38;5;1", "31")]
    [TestCase("38;5;9", "91")]
    [TestCase("38;5;196", "91")]
    [TestCase("38;5;208", "33")]
    [TestCase("38;5;232", "30")]
    [TestCase("38;5;255", "37")]
    [TestCase("48;5;21", "44")]
    [TestCase("38;2;255;128;0", "33")]
    [TestCase("48;2;0;0;0", "40")]
    [TestCase("38;2;255;0;0;1", "1;91")]
    [TestCase("38;2;300;0;0;1", "1")]
    [TestCase("38;5;300;1", "1")]
    [TestCase("38;5", "")]
    [TestCase("38", "")]
    [TestCase("38;9;1", "1")]
    [TestCase("38:5:208", "33")]
    [TestCase("38:2::255:0:0", "91")]
    [TestCase("38:2:0:255:0", "92")]
    [TestCase("48:5:4;1", "1;44")]
    [TestCase("4:3", "")]
    [TestCase("38:2:1:2:3:4:5:6", "")]
    public void Apply_GivesState_ForParameters(string parameters, string expected) =>
        Assert.That(SgrParameters.Apply(default, parameters).Format(), Is.EqualTo(expected));

    [Test]
    public void Apply_KeepsWhatItIsNotTold_FromTheStateBefore() =>
        Assert.That(SgrParameters.Apply(new AnsiState { Bold = true, Background = 4 }, "32").Format(), Is.EqualTo("1;32;44"));

    [Test]
    public void Apply_IgnoresEverything_WhenLongerThanTheReaderHoldsBack() =>
        Assert.That(SgrParameters.Apply(default, string.Concat(Enumerable.Repeat("1;", 40))).IsDefault, Is.True);
}
