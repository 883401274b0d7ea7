using System.Xml.Linq;
using Cion.Web.Rendering;

namespace Cion.Tests.Web.Rendering;

public sealed class BadgeSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Test]
    public void Render_IsAnSvgWithTitle_ForLabelAndStatus()
    {
        var svg = XDocument.Parse(BadgeSvg.Render("team/app", "succeeded")).Root!;

        Assert.That(svg.Name, Is.EqualTo(Svg + "svg"));
        Assert.That(svg.Element(Svg + "title")!.Value, Is.EqualTo("team/app: succeeded"));
        Assert.That(svg.Attribute("aria-label")!.Value, Is.EqualTo("team/app: succeeded"));
        Assert.That(Texts(svg), Is.EquivalentTo(new[] { "team/app", "team/app", "succeeded", "succeeded" }));
    }

    [TestCase("succeeded", "#2da44e")]
    [TestCase("failed", "#cf222e")]
    [TestCase("error", "#bc4c00")]
    [TestCase("cancelled", "#6e7781")]
    [TestCase("running", "#0969da")]
    [TestCase("queued", "#0969da")]
    [TestCase("unknown", "#6e7781")]
    [TestCase("no runs", "#6e7781")]
    [TestCase("", "#6e7781")]
    public void Render_FillsTheStatusPart_InTheColourOfTheStatus(string status, string colour)
    {
        var fills = Rects(XDocument.Parse(BadgeSvg.Render("build", status)).Root!).Select(r => (string?)r.Attribute("fill")).ToList();
        Assert.That(fills[0], Is.EqualTo("#555"), "label");
        Assert.That(fills[1], Is.EqualTo(colour), "status");
    }

    [TestCase("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>")]
    [TestCase("a & b", "it's")]
    [TestCase("]]><!--", "&amp;")]
    public void Render_KeepsHostileTextAsText_InEveryPlaceItAppears(string label, string status)
    {
        var svg = XDocument.Parse(BadgeSvg.Render(label, status)).Root!;

        Assert.That(svg.Descendants().Select(e => e.Name.LocalName).Distinct(), Is.SubsetOf(new[] { "title", "linearGradient", "stop", "clipPath", "rect", "g", "text" }));
        Assert.That(svg.Element(Svg + "title")!.Value, Is.EqualTo($"{label}: {status}"));
        Assert.That(svg.Attribute("aria-label")!.Value, Is.EqualTo($"{label}: {status}"));
        Assert.That(Texts(svg), Is.EquivalentTo(new[] { label, label, status, status }));
    }

    [Test]
    public void Render_DropsCharactersXmlCannotHold_FromText()
    {
        var svg = XDocument.Parse(BadgeSvg.Render("a\u0001b\u001b[31m", "x\ud800y")).Root!;
        Assert.That(svg.Element(Svg + "title")!.Value, Is.EqualTo("ab[31m: xy"));
    }

    [TestCase("ci", "succeeded")]
    [TestCase("a-much-longer-label", "no runs")]
    public void Render_SizesEachPart_FromItsText(string label, string status)
    {
        var svg = XDocument.Parse(BadgeSvg.Render(label, status)).Root!;
        var widths = Rects(svg).Take(2).Select(r => (int)r.Attribute("width")!).ToList();

        Assert.That(widths, Is.EqualTo(new[] { label.Length * 7 + 10, status.Length * 7 + 10 }));
        Assert.That((int)svg.Attribute("width")!, Is.EqualTo(widths.Sum()));
    }

    private static IEnumerable<XElement> Rects(XElement svg) =>
        svg.Element(Svg + "g")!.Elements(Svg + "rect");

    private static IEnumerable<string> Texts(XElement svg) =>
        svg.Descendants(Svg + "text").Select(t => t.Value);
}
