namespace Cion.Core.Queries;

/// <summary>Pure: reads cion's <c>key=value</c> files (result, current deployment).</summary>
public static class KeyValueText
{
    public static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=');
            if (eq > 0) values[line[..eq]] = line[(eq + 1)..];
        }
        return values;
    }
}
