using Cion.Web.Rendering;

namespace Cion.Tests.Web.Rendering;

public sealed class LogCursorTests
{
    [Test]
    public void Format_SpellsNameOffsetAndStyle_ForEachLog()
    {
        Assert.That(AnsiState.TryParse("1;31", out var red), Is.True);
        var text = LogCursor.Format([("build", new LogPosition(1234, red)), ("release", new LogPosition(0, default))]);
        Assert.That(text, Is.EqualTo("build:1234:1;31,release:0:"));
    }

    [Test]
    public void Format_IsEmpty_ForNoLogs() =>
        Assert.That(LogCursor.Format([]), Is.EqualTo(""));

    [TestCase("")]
    [TestCase("build:0:")]
    [TestCase("build:1234:1;31,release:0:")]
    [TestCase("release:0:,build:7:4")]
    [TestCase("abcdefghijklmnop:9223372036854775807:1;2;3;4;97;107")]
    [TestCase("a:1:,b:2:,c:3:,d:4:,e:5:,f:6:,g:7:,h:8:")]
    public void TryParse_RoundTrips_WhatFormatWrites(string text)
    {
        Assert.That(LogCursor.TryParse(text, out var positions), Is.True);
        Assert.That(LogCursor.Format(positions.Select(p => (p.Key, p.Value))), Is.EqualTo(text));
    }

    [Test]
    public void TryParse_ReadsEachLogsPosition_ForACursor()
    {
        Assert.That(LogCursor.TryParse("build:1234:1;31,release:0:", out var positions), Is.True);
        Assert.That(positions["build"].Offset, Is.EqualTo(1234));
        Assert.That(positions["build"].Ansi.Format(), Is.EqualTo("1;31"));
        Assert.That(positions["release"], Is.EqualTo(new LogPosition(0, default)));
    }

    [TestCase(null)]
    [TestCase(",")]
    [TestCase("build")]
    [TestCase("build:")]
    [TestCase("build:1")]
    [TestCase("build:1:,")]
    [TestCase(",build:1:")]
    [TestCase("build:1::")]
    [TestCase("build::")]
    [TestCase(":1:")]
    [TestCase("Build:1:")]
    [TestCase("bu-ild:1:")]
    [TestCase("bùild:1:")]
    [TestCase("abcdefghijklmnopq:1:")]
    [TestCase("build:-1:")]
    [TestCase("build:+1:")]
    [TestCase("build: 1:")]
    [TestCase("build:1 :")]
    [TestCase("build:01:")]
    [TestCase("build:1e3:")]
    [TestCase("build:9223372036854775808:")]
    [TestCase("build:99999999999999999999999:")]
    [TestCase("build:1:0")]
    [TestCase("build:1:31;1")]
    [TestCase("build:1:<script>")]
    [TestCase("build:1:,build:2:")]
    [TestCase("a:1:,b:2:,c:3:,d:4:,e:5:,f:6:,g:7:,h:8:,i:9:")]
    [TestCase("build:1:\n")]
    public void TryParse_Refuses_AnythingFormatWouldNotWrite(string? text)
    {
        Assert.That(LogCursor.TryParse(text, out var positions), Is.False);
        Assert.That(positions, Is.Empty);
    }

    [Test]
    public void TryParse_Refuses_TextLongerThanTheBound() =>
        Assert.That(LogCursor.TryParse("build:" + new string('1', 600) + ":", out _), Is.False);

    [TestCase("", 0)]
    [TestCase("Build", 0)]
    [TestCase("abcdefghijklmnopq", 0)]
    [TestCase("build", -1)]
    public void Format_Throws_ForWhatTryParseWouldRefuse(string log, long offset) =>
        Assert.Throws<ArgumentException>(() => LogCursor.Format([(log, new LogPosition(offset, default))]));

    [Test]
    public void Format_Throws_ForARepeatedLog() =>
        Assert.Throws<ArgumentException>(() => LogCursor.Format([("build", default), ("build", default)]));

    [Test]
    public void Format_Throws_ForMoreLogsThanTheBound() =>
        Assert.Throws<ArgumentException>(() => LogCursor.Format(
            "abcdefghi".Select(c => (c.ToString(), new LogPosition(0, default)))));
}
