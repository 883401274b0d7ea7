using System.Text;
using System.Xml.Linq;
using Cion.Web.Rendering;

namespace Cion.Tests.Web.Rendering;

public sealed class AnsiHtmlTests
{
    private static readonly HashSet<string> AllowedClasses =
    [
        "ansi-bold", "ansi-dim", "ansi-italic", "ansi-underline",
        .. Enumerable.Range(0, 16).SelectMany(i => new[] { $"ansi-fg-{i}", $"ansi-bg-{i}" }),
    ];

    [TestCase("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [TestCase("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [TestCase("a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;")]
    [TestCase("\u001b[31m<b onclick='x'>", "<span class=\"ansi-fg-1\">&lt;b onclick=&#39;x&#39;&gt;</span>")]
    [TestCase("plain\ttext\n", "plain\ttext\n")]
    public void Append_EscapesEveryCharacter_ForHtmlInLog(string log, string expected) =>
        Assert.That(Render(log), Is.EqualTo(expected));

    [TestCase("\u001b[31mred\u001b[0m plain", "<span class=\"ansi-fg-1\">red</span> plain")]
    [TestCase("\u001b[1;4;92;41mx", "<span class=\"ansi-bold ansi-underline ansi-fg-10 ansi-bg-1\">x</span>")]
    [TestCase("\u001b[2;3mx", "<span class=\"ansi-dim ansi-italic\">x</span>")]
    [TestCase("a\u001b[1mb\u001b[22mc", "a<span class=\"ansi-bold\">b</span>c")]
    [TestCase("\u001b[1mb\u001b[31mc", "<span class=\"ansi-bold\">b</span><span class=\"ansi-bold ansi-fg-1\">c</span>")]
    [TestCase("\u001b[38;5;208mx\u001b[48;2;0;0;0my", "<span class=\"ansi-fg-3\">x</span><span class=\"ansi-fg-3 ansi-bg-0\">y</span>")]
    [TestCase("\u001b[31m\u001b[0m", "")]
    [TestCase("\u001b[31m\u001b[mx", "x")]
    [TestCase("\u001b[31m\u001b[39;49mx", "x")]
    public void Append_WrapsStyledRunsInClassSpans_ForSgr(string log, string expected) =>
        Assert.That(Render(log), Is.EqualTo(expected));

    [TestCase("a\u001b[2Kb", "ab")]
    [TestCase("\u001b[2J\u001b[Hclear", "clear")]
    [TestCase("\u001b[10;20Hmoved\u001b[1A", "moved")]
    [TestCase("\u001b]8;;https://example.com/a/rather/long/path/that/goes/beyond/sixty-four/characters\u001b\\link\u001b]8;;\u001b\\", "link")]
    [TestCase("\u001b]0;title\u0007text", "text")]
    [TestCase("\u001b]0;title\u001b[31mred", "<span class=\"ansi-fg-1\">red</span>")]
    [TestCase("\u001b]0;never ended\nnext", "\nnext")]
    [TestCase("\u001bPq#0;2;0;0;0\u001b\\sixel", "sixel")]
    [TestCase("\u001b[?25lhidden\u001b[?25h", "hidden")]
    [TestCase("\u001b[>4;2mx", "x")]
    [TestCase("\u001b[1 qx", "x")]
    [TestCase("\u001b(Bx\u001b7y\u001b8", "xy")]
    [TestCase("\u001b[31\nx", "\nx")]
    [TestCase("\u001b[31\u001b[1mx", "<span class=\"ansi-bold\">x</span>")]
    [TestCase("\u001b\u001b[1mx", "<span class=\"ansi-bold\">x</span>")]
    [TestCase("\u001bé", "é")]
    public void Append_DropsEscapesThatAreNotSgr_Silently(string log, string expected) =>
        Assert.That(Render(log), Is.EqualTo(expected));

    [TestCase("a\rb\r\nc", "ab\nc")]
    [TestCase("a\u0000b\u0007c\u007fd\u0085e\u0008f", "abcdef")]
    [TestCase("\u009b31mx", "31mx")]
    public void Append_KeepsOnlyNewlineAndTab_OfControlCharacters(string log, string expected) =>
        Assert.That(Render(log), Is.EqualTo(expected));

    // Attributes cannot carry a lone surrogate (it is stored as UTF-8), so these cases live in code.
    private static readonly object[] SurrogateCases =
    [
        new[] { "😀", "😀" },
        new[] { "\ud83d", "" },
        new[] { "\ud83dx", "\ufffdx" },
        new[] { "x\ude00", "x\ufffd" },
    ];

    [TestCaseSource(nameof(SurrogateCases))]
    public void Append_PassesOnlyWholeSurrogatePairs_ForUtf16(string log, string expected) =>
        Assert.That(Render(log), Is.EqualTo(expected));

    [Test]
    public void Append_SwallowsTheWholeSequence_WhenItsParametersOutgrowTheHeldBackLimit()
    {
        var longParameters = "\u001b[1;" + string.Concat(Enumerable.Repeat("1;", 100)) + "31mx";
        Assert.That(Render(longParameters), Is.EqualTo("x"));
    }

    [Test]
    public void Append_CarriesTheStyle_AcrossCalls()
    {
        var ansi = new AnsiHtml();
        Assert.That(Append(ansi, "\u001b[31mred"), Is.EqualTo("<span class=\"ansi-fg-1\">red</span>"));
        Assert.That(Append(ansi, "still red\u001b[0m plain"), Is.EqualTo("<span class=\"ansi-fg-1\">still red</span> plain"));
        Assert.That(ansi.State.IsDefault, Is.True);
    }

    [Test]
    public void Append_OpensTheStartState_WhenResumed()
    {
        Assert.That(AnsiState.TryParse("1;31", out var start), Is.True);
        var ansi = new AnsiHtml(start);
        Assert.That(Append(ansi, "x\u001b[22my"), Is.EqualTo("<span class=\"ansi-bold ansi-fg-1\">x</span><span class=\"ansi-fg-1\">y</span>"));
        Assert.That(ansi.State.Format(), Is.EqualTo("31"));
    }

    [Test]
    public void Append_HoldsBackAnEscape_SplitAtEveryPoint()
    {
        const string log = "a\u001b[1;38;2;255;0;0mb\u001b]8;;http://x\u001b\\c\u001b[0md";
        for (var cut = 0; cut <= log.Length; cut++)
        {
            var ansi = new AnsiHtml();
            var html = Append(ansi, log.AsSpan(0, cut)) + Append(ansi, log.AsSpan(cut));
            Assert.That(StyledCharacters(html), Is.EqualTo(StyledCharacters(Render(log))), $"cut at {cut}");
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(64)]
    public void Append_WritesBalancedHtmlFromFixedClasses_ForHostileChunks(int seed)
    {
        var random = new Random(seed);
        var log = HostileLog(random, 2000);
        var ansi = new AnsiHtml();
        var chunked = new List<(char, string)>();
        for (var at = 0; at < log.Length;)
        {
            var length = Math.Min(random.Next(1, 40), log.Length - at);
            chunked.AddRange(StyledCharacters(Append(ansi, log.AsSpan(at, length))));
            at += length;
        }
        Assert.That(chunked, Is.EqualTo(StyledCharacters(Render(log))));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Append_ResumesExactly_FromStateAfterANewline(int seed)
    {
        var log = HostileLog(new Random(seed), 300);
        var whole = StyledCharacters(Render(log));
        var resumedStyled = 0;
        for (var cut = log.IndexOf('\n') + 1; cut > 0; cut = log.IndexOf('\n', cut) + 1)
        {
            var head = new AnsiHtml();
            var printedBeforeCut = StyledCharacters(Append(head, log.AsSpan(0, cut))).Count;
            var resumed = StyledCharacters(Append(new AnsiHtml(head.State), log.AsSpan(cut)));
            Assert.That(resumed, Is.EqualTo(whole.Skip(printedBeforeCut)), $"resumed at {cut}");
            resumedStyled += head.State.IsDefault ? 0 : 1;
        }
        Assert.That(resumedStyled, Is.GreaterThan(0), "some resumptions start styled");
    }

    /// <summary>Real sequences, broken ones and markup, in random order: what a hostile build could print.</summary>
    private static string HostileLog(Random random, int tokens)
    {
        string[] pieces =
        [
            "\u001b[31m", "\u001b[1;4m", "\u001b[0m", "\u001b[38;5;208m", "\u001b[48;2;0;0;255m", "\u001b[22m", "\u001b[m",
            "\u001b]8;;http://x/\u001b\\", "\u001b]0;t\u0007", "\u001b[2K", "\u001b[?25l", "\u001b(B",
            "\u001b", "\u001b[", "\u001b]", "[", ";", "1", "m", "\\", "\u0007",
            "\n", "\r\n", "\r", "\t", "<", ">", "&", "\"", "'", "x", "é ", "\ud83d", "\ude00", "😀",
        ];
        return string.Concat(Enumerable.Range(0, tokens).Select(_ => pieces[random.Next(pieces.Length)]));
    }

    private static string Render(string log) => Append(new AnsiHtml(), log);

    private static string Append(AnsiHtml ansi, ReadOnlySpan<char> text)
    {
        var html = new StringBuilder();
        ansi.Append(text, html);
        return html.ToString();
    }

    /// <summary>
    /// Each printed character with the classes around it, read by an XML parser: it fails on
    /// unbalanced or half-escaped output, and on any markup but a span with allowed classes.
    /// </summary>
    private static List<(char Character, string Classes)> StyledCharacters(string html)
    {
        var pre = XElement.Parse("<pre>" + html + "</pre>", LoadOptions.PreserveWhitespace);
        var characters = new List<(char, string)>();
        foreach (var node in pre.Nodes())
        {
            if (node is XText text)
            {
                characters.AddRange(text.Value.Select(c => (c, "")));
                continue;
            }
            var span = (XElement)node;
            Assert.That(span.Name.LocalName, Is.EqualTo("span"));
            Assert.That(span.Attributes().Select(a => a.Name.LocalName), Is.EqualTo(new[] { "class" }));
            Assert.That(span.Elements(), Is.Empty, "spans never nest");
            var classes = span.Attribute("class")!.Value;
            Assert.That(classes.Split(' '), Is.SubsetOf(AllowedClasses));
            characters.AddRange(span.Value.Select(c => (c, classes)));
        }
        return characters;
    }
}
