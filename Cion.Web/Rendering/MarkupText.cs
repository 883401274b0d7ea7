using System.Text;

namespace Cion.Web.Rendering;

/// <summary>Escaping shared by the HTML and SVG writers: one spelling of the five markup characters.</summary>
internal static class MarkupText
{
    /// <summary>
    /// Appends c escaped for both element text and a quoted attribute, in HTML and in XML
    /// ("&amp;#39;" rather than "&amp;apos;", which old HTML does not know).
    /// </summary>
    public static void AppendEscaped(char c, StringBuilder markup) => _ = c switch
    {
        '&' => markup.Append("&amp;"),
        '<' => markup.Append("&lt;"),
        '>' => markup.Append("&gt;"),
        '"' => markup.Append("&quot;"),
        '\'' => markup.Append("&#39;"),
        _ => markup.Append(c),
    };
}
