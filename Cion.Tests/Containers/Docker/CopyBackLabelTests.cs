using Cion.Core.Containers;
using Cion.Core.Containers.Docker;

namespace Cion.Tests.Containers.Docker;

public sealed class CopyBackLabelTests
{
    [TestCase("/cion/build", "/var/lib/cion/jobs/r/abc/1/work")]
    [TestCase("/odd path/with \"quotes\"", "/host/tab\there/new\nline/ünï,=:;")]
    public void Parse_ReadsWhatFormatWrote(string container, string host)
    {
        var mounts = new[] { new Mount(host, container, ReadOnly: false), new Mount("/h2", "/c2", ReadOnly: false) };
        Assert.That(CopyBackLabel.Parse(CopyBackLabel.Format(mounts)), Is.EqualTo(mounts));
    }

    [TestCase(null)]
    [TestCase("")]
    public void Parse_GivesNothing_WhenThereIsNoLabel(string? label) => Assert.That(CopyBackLabel.Parse(label), Is.Empty);

    [TestCase("not json")]
    [TestCase("{\"container\":\"/c\",\"host\":\"/h\"}")]
    [TestCase("[{\"container\":\"/c\"}]")]
    [TestCase("[{\"container\":\"/c\",\"host\":null}]")]
    public void Parse_Throws_ForALabelFormatDidNotWrite(string label) =>
        Assert.That(() => CopyBackLabel.Parse(label), Throws.TypeOf<InvalidDataException>().With.Message.Contains(Labels.CopyBack));
}
